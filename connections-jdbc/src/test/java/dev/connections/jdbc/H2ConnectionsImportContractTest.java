package dev.connections.jdbc;

class H2ConnectionsImportContractTest extends JdbcConnectionsImportContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
