package dev.connections.jdbc;

import dev.connections.spi.SecretStore;
import dev.connections.tck.SecretStoreContract;

/** The TCK secret-store contract on one database, on fresh tables per test. */
abstract class JdbcSecretStoreContractTest extends SecretStoreContract {
    private JdbcConnections jdbc;

    abstract TestDatabase database();

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
