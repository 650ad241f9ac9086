package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionRepositoryContract;

/** The TCK repository contract on one database, on fresh tables per test. */
abstract class JdbcRepositoryContractTest extends ConnectionRepositoryContract {
    private final FreshTables tables = new FreshTables(this::database);

    abstract TestDatabase database();

    @Override
    protected ConnectionRepository createRepository() {
        return tables.repository();
    }

    @Override
    protected SecretStore createSecretStore(ConnectionRepository repository) {
        // The JDBC store, so findDefaultWithSecret takes the one-query join.
        return tables.secretStore();
    }

    @Override
    protected void release(ConnectionRepository repository) {
        tables.drop();
    }
}
