package dev.connections.jdbc;

class PostgresConnectionsContractTest extends JdbcConnectionsContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
