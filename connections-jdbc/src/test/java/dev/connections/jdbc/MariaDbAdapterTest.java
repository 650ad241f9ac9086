package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbAdapterTest extends JdbcAdapterTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
