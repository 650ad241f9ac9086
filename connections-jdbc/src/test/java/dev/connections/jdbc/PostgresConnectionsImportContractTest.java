package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresConnectionsImportContractTest extends JdbcConnectionsImportContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
