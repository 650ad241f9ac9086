package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConnectionNamesContractTest extends JdbcConnectionNamesContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
