package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.tck.AuthorizationStateContract;
import org.junit.jupiter.params.Parameter;

/** The TCK authorization-state contract on every database, on fresh tables per test. */
@AcrossDatabases
class JdbcAuthorizationStateContractTest extends AuthorizationStateContract implements AcrossDatabases.OnDatabase {
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
    protected void release(ConnectionRepository repository) {
        tables.drop();
    }
}
