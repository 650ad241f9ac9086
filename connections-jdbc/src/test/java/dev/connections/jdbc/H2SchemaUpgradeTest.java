package dev.connections.jdbc;

class H2SchemaUpgradeTest extends SchemaUpgradeTest {
    @Override
    TestDatabase database() {
        return TestDatabase.H2;
    }
}
