package dev.connections.jdbc;

import dev.connections.spi.SecretStore;
import dev.connections.tck.SecretStoreContract;
import org.junit.jupiter.params.Parameter;

/** The TCK secret-store contract on every database, on fresh tables per test. */
@AcrossDatabases
class JdbcSecretStoreContractTest extends SecretStoreContract implements AcrossDatabases.OnDatabase {
    private JdbcConnections jdbc;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    protected SecretStore createSecretStore() {
        jdbc = database().fresh();
        return jdbc.secretStore();
    }

    @Override
    protected void release(SecretStore store) {
        database().drop(jdbc);
    }
}
