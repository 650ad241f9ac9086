package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbSecretLeakContractTest extends JdbcSecretLeakContractTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
