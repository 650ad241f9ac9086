package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresHammerTest extends JdbcHammerTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
