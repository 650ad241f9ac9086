package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbKeyUsageCounterContractTest extends JdbcKeyUsageCounterContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
