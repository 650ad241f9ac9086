package dev.connections.jdbc;

class PostgresHammerTest extends JdbcHammerTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
