package dev.connections.jdbc;

class H2ConcurrencyContractTest extends JdbcConcurrencyContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
