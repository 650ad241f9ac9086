package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionNamesContract;
import net.jqwik.api.lifecycle.AfterProperty;
import org.jspecify.annotations.Nullable;

/** The TCK name rules on one database: fresh tables per example or property, dropped afterwards. */
abstract class JdbcConnectionNamesContractTest extends ConnectionNamesContract {
    private @Nullable JdbcConnections jdbc;

    abstract TestDatabase database();

    @Override
    protected ConnectionRepository createRepository() {
        jdbc = database().fresh();
        return jdbc.repository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return jdbc.secretStore();
    }

    @AfterProperty
    void dropTables() {
        database().drop(jdbc);
        jdbc = null;
    }
}
