package dev.connections.jdbc;

class MariaDbHammerTest extends JdbcHammerTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
