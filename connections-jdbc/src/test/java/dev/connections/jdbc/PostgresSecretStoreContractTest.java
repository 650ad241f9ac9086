package dev.connections.jdbc;

class PostgresSecretStoreContractTest extends JdbcSecretStoreContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
