package dev.connections.jdbc;

class H2SecretLeakContractTest extends JdbcSecretLeakContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
