package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConcurrencyContractTest extends JdbcConcurrencyContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
