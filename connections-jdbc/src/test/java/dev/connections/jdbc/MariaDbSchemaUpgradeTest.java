package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.MARIADB)
class MariaDbSchemaUpgradeTest extends SchemaUpgradeTest {
    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
