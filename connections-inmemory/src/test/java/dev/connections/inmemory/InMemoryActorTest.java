package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ActorContract;

/** Actors on writes, over the in-memory adapter. */
class InMemoryActorTest extends ActorContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
