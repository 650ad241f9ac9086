package dev.connections.inmemory;

import dev.connections.cache.InProcessChangeFeed;
import dev.connections.tck.ChangeFeedContract;
import java.time.Duration;

/**
 * The change-feed contract for {@link InProcessChangeFeed}: two facades over one in-memory repository and
 * secret store, each with its own endpoint of one shared hub. Delivery is synchronous, so B converges
 * before A's write returns.
 */
class InProcessChangeFeedContractTest extends ChangeFeedContract {
    private final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final InProcessChangeFeed hub = new InProcessChangeFeed();

    @Override
    protected Instance createInstance() {
        return new Instance(repository, secrets, hub.endpoint());
    }

    @Override
    protected Duration deadline() {
        return Duration.ofMillis(200);
    }

    @Override
    protected void release() {
        hub.close();
    }
}
