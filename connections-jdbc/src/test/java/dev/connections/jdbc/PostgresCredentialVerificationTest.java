package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresCredentialVerificationTest extends JdbcCredentialVerificationTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
