package dev.connections.jdbc;

class MariaDbConnectionsContractTest extends JdbcConnectionsContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
