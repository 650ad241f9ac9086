package dev.connections.jdbc;

class H2RepositoryContractTest extends JdbcRepositoryContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
