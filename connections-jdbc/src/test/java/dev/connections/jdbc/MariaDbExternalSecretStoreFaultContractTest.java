package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbExternalSecretStoreFaultContractTest extends JdbcExternalSecretStoreFaultContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
