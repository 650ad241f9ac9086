package dev.connections.jdbc;

class H2ConnectionsFaultContractTest extends JdbcConnectionsFaultContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
