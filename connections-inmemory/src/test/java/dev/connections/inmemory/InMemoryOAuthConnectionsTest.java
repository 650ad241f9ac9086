package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.OAuthConnectionsContract;

/** Runs the OAuth contract over the in-memory adapter. */
class InMemoryOAuthConnectionsTest extends OAuthConnectionsContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
