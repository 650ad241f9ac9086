package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.OAuthConnectionsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;

/** The TCK OAuth contract on every database, repository and secret store sharing one DataSource. */
@AcrossDatabases.AndDrivers
class JdbcOAuthConnectionsContractTest extends OAuthConnectionsContract implements AcrossDatabases.OnDatabase {
    private final FreshTables tables = new FreshTables(this::database);

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

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
