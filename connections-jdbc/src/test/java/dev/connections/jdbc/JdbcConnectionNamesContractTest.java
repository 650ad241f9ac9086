package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionNamesContract;
import net.jqwik.api.lifecycle.AfterProperty;

/** The TCK name rules on one database: fresh tables per example or property, dropped afterwards. */
abstract class JdbcConnectionNamesContractTest extends ConnectionNamesContract {
    private final FreshTables tables = new FreshTables(this::database);

    abstract TestDatabase database();

    @Override
    protected ConnectionRepository createRepository() {
        return tables.repository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return tables.secretStore();
    }

    @AfterProperty
    void dropTables() {
        tables.drop();
    }
}
