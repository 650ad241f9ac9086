package dev.connections.jdbc;

class MariaDbSecretStoreContractTest extends JdbcSecretStoreContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
