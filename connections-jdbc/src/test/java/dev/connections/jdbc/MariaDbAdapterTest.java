package dev.connections.jdbc;

class MariaDbAdapterTest extends JdbcAdapterTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
