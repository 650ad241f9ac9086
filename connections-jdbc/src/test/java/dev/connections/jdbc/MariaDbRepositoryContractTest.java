package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbRepositoryContractTest extends JdbcRepositoryContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
