package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsConcurrencyContract;
import org.junit.jupiter.api.AfterEach;

/** The TCK concurrency contract on one database, repository and secret store sharing one DataSource. */
abstract class JdbcConcurrencyContractTest extends ConnectionsConcurrencyContract {
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
