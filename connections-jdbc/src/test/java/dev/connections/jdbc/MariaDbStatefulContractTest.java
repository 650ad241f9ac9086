package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbStatefulContractTest extends JdbcStatefulContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
