package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsStatefulContract;

/** Runs the stateful property (jqwik, 1000 action sequences) over the in-memory adapter. */
class InMemoryConnectionsStatefulTest extends ConnectionsStatefulContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
