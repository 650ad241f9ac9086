package dev.connections.jdbc;

class H2KeyUsageCounterContractTest extends JdbcKeyUsageCounterContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
