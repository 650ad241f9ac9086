package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbHammerTest extends JdbcHammerTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
