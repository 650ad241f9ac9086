package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbConnectionStatusStoreTest extends JdbcConnectionStatusStoreTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
