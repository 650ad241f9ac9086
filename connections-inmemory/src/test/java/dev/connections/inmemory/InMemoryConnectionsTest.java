package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsContract;

/** Runs the facade contract (B1–B8) over the in-memory adapter. */
class InMemoryConnectionsTest extends ConnectionsContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
