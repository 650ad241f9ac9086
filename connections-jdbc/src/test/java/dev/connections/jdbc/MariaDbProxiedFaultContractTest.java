package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbProxiedFaultContractTest extends ProxiedConnectionsFaultContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
