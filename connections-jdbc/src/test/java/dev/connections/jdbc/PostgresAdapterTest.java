package dev.connections.jdbc;

class PostgresAdapterTest extends JdbcAdapterTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
