package dev.connections.jdbc;

class H2ConnectionStatusStoreTest extends JdbcConnectionStatusStoreTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
