package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresSecretStoreContractTest extends JdbcSecretStoreContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
