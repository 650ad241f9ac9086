package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresConnectionNamesContractTest extends JdbcConnectionNamesContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
