package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConnectionsImportContractTest extends JdbcConnectionsImportContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
