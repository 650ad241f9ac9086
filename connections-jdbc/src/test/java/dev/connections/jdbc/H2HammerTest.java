package dev.connections.jdbc;

class H2HammerTest extends JdbcHammerTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
