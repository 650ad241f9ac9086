package dev.connections.jdbc;

class H2SecretStoreContractTest extends JdbcSecretStoreContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
