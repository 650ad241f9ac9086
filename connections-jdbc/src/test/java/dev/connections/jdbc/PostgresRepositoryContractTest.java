package dev.connections.jdbc;

class PostgresRepositoryContractTest extends JdbcRepositoryContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
