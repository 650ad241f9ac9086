package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresAdapterTest extends JdbcAdapterTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
