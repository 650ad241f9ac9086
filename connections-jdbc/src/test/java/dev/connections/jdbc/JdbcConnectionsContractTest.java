package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsContract;
import org.junit.jupiter.api.AfterEach;

/** The TCK facade contract on one database, repository and secret store sharing one DataSource. */
abstract class JdbcConnectionsContractTest extends ConnectionsContract {
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

    @AfterEach
    void dropTables() {
        tables.drop();
    }
}
