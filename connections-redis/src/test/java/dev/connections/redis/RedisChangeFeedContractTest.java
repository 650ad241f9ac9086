package dev.connections.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.ChangeFeedContract;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The change-feed contract for {@link RedisChangeFeed} on the Redis server of {@code
 * CONNECTIONS_TEST_REDIS_URL}: two facades over one shared storage, each with its own Lettuce client and
 * feed on one channel of this test's own; B converges within 1 s.
 */
class RedisChangeFeedContractTest extends ChangeFeedContract {
    private final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    final String channel = RedisServer.uniqueName("channel");
    final List<RedisClient> clients = new ArrayList<>();
    final List<ClientResources> resources = new ArrayList<>();

    @Override
    protected Instance createInstance() {
        String url = RedisServer.url();
        String instance = clients.isEmpty() ? "a" : "b";
        ClientResources res = ClientResources.builder()
                .reconnectDelay(Delay.constant(reconnectDelay()))
                .build();
        resources.add(res);
        RedisClient client = RedisClient.create(res, url);
        clients.add(client);
        RedisChangeFeed feed = RedisChangeFeed.builder(client)
                .channel(channel)
                .clientName(clientName(instance))
                .build();
        return new Instance(repository, secrets, feed);
    }

    /** Each instance's Lettuce reconnect delay. */
    Duration reconnectDelay() {
        return Duration.ofMillis(50);
    }

    String clientName(String instance) {
        return channel + "-" + instance;
    }

    @Override
    protected void awaitReady(ChangeFeed feed) throws Exception {
        assertThat(((RedisChangeFeed) feed).awaitSubscribed(Duration.ofSeconds(10)))
                .as("feed subscribed")
                .isTrue();
    }

    @Override
    protected void release() {
        clients.forEach(RedisClient::shutdown);
        resources.forEach(ClientResources::shutdown);
    }
}
