package dev.connections.jdbc;

class H2ConnectionNamesContractTest extends JdbcConnectionNamesContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
