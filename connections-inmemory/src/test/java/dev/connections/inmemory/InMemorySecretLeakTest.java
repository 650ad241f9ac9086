package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.SecretLeakContract;

/** Runs the secret-leak scenario over the in-memory adapter. */
class InMemorySecretLeakTest extends SecretLeakContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
