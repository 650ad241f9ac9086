package dev.connections.jdbc;

class H2ExternalSecretStoreFaultContractTest extends JdbcExternalSecretStoreFaultContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
