package dev.connections.jdbc;

class H2ConnectionsContractTest extends JdbcConnectionsContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
