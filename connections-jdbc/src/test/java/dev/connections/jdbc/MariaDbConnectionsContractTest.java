package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConnectionsContractTest extends JdbcConnectionsContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
