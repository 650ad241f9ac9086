package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionRepositoryContract;
import org.junit.jupiter.params.Parameter;

/** The TCK repository contract on every database, on fresh tables per test. */
@AcrossDatabases
class JdbcRepositoryContractTest extends ConnectionRepositoryContract implements AcrossDatabases.OnDatabase {
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
    protected SecretStore createSecretStore(ConnectionRepository repository) {
        // The JDBC store, so findDefaultWithSecret takes the one-query join.
        return tables.secretStore();
    }

    @Override
    protected void release(ConnectionRepository repository) {
        tables.drop();
    }
}
