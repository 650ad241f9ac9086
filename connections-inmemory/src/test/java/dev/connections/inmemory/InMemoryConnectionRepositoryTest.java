package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.tck.ConnectionRepositoryContract;

/** Runs the repository contract against {@link InMemoryConnectionRepository}. */
class InMemoryConnectionRepositoryTest extends ConnectionRepositoryContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }
}
