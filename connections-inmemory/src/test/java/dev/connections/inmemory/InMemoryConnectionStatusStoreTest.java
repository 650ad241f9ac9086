package dev.connections.inmemory;

import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.support.InMemoryConnectionStatusStore;
import dev.connections.tck.ConnectionStatusStoreContract;

/** The status-store contract on the builder's default, in-memory store. */
class InMemoryConnectionStatusStoreTest extends ConnectionStatusStoreContract {
    @Override
    protected ConnectionStatusStore createStore() {
        return new InMemoryConnectionStatusStore();
    }
}
