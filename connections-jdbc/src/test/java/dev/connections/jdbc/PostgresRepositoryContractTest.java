package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresRepositoryContractTest extends JdbcRepositoryContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
