package dev.connections.inmemory;

import dev.connections.spi.SecretStore;
import dev.connections.tck.SecretStoreContract;

/** Runs the secret store contract against {@link InMemorySecretStore}. */
class InMemorySecretStoreTest extends SecretStoreContract {
    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
