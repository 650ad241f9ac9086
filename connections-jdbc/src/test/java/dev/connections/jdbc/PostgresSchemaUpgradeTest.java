package dev.connections.jdbc;

@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresSchemaUpgradeTest extends SchemaUpgradeTest {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRESQL;
    }
}
