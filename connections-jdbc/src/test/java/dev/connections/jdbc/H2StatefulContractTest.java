package dev.connections.jdbc;

class H2StatefulContractTest extends JdbcStatefulContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
