package dev.connections.jdbc;

class H2FaultTest extends JdbcFaultTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }

    @Override
    boolean kill(java.sql.Connection victim) {
        return false;
    }
}
