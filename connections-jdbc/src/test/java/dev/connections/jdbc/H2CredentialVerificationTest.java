package dev.connections.jdbc;

class H2CredentialVerificationTest extends JdbcCredentialVerificationTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
