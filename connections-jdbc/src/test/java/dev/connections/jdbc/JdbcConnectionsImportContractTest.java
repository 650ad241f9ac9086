package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsImportContract;
import org.junit.jupiter.api.AfterEach;

/** The TCK bulk-import contract on one database, repository and secret store sharing one DataSource. */
abstract class JdbcConnectionsImportContractTest extends ConnectionsImportContract {
    private JdbcConnections jdbc;

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

    @AfterEach
    void dropTables() {
        database().drop(jdbc);
    }
}
