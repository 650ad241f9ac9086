package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.tck.AuthorizationStateContract;

/** Runs the authorization-state contract against {@link InMemoryConnectionRepository}. */
class InMemoryAuthorizationStateTest extends AuthorizationStateContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }
}
