package dev.connections.jdbc;

class H2AdapterTest extends JdbcAdapterTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
