package dev.connections.jdbc;

class MariaDbRepositoryContractTest extends JdbcRepositoryContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
