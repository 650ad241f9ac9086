package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsContract;
import org.junit.jupiter.api.AfterEach;

/** The TCK facade contract on one database, repository and secret store sharing one DataSource. */
abstract class JdbcConnectionsContractTest extends ConnectionsContract {
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
        if (jdbc != null) {
            database().drop(jdbc);
        }
    }
}
