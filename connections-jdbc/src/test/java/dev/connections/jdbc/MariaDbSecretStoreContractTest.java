package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbSecretStoreContractTest extends JdbcSecretStoreContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
