package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresConnectionStatusStoreTest extends JdbcConnectionStatusStoreTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
