package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ConnectionsConcurrencyContract;

/** Runs the concurrency contract over the in-memory adapter, at the full load. */
class InMemoryConnectionsConcurrencyTest extends ConnectionsConcurrencyContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }

    @Override
    protected int operationsPerThread() {
        return 2_000;
    }
}
