package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsImportContract;
import org.junit.jupiter.api.AfterEach;

/** The TCK bulk-import contract on one database, repository and secret store sharing one DataSource. */
abstract class JdbcConnectionsImportContractTest extends ConnectionsImportContract {
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
