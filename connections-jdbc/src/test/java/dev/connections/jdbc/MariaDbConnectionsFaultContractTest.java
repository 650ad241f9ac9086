package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConnectionsFaultContractTest extends JdbcConnectionsFaultContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
