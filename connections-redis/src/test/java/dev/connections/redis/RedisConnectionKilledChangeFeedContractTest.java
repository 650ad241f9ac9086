package dev.connections.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The change-feed contract for {@link RedisChangeFeed} with B's connections killed ({@code CLIENT KILL}, as a
 * network cut or a broker restart ends them) just before each change B must converge to: Lettuce reconnects
 * B, which drops its cache and still converges within 1 s.
 *
 * <p>B's client waits 300 ms before reconnecting and A changes only once B has noticed the loss, so A's
 * notice is certainly published while B is not subscribed: only B's "everything changed" after it subscribes
 * again can make it converge.
 */
class RedisConnectionKilledChangeFeedContractTest extends RedisChangeFeedContractTest {
    private long reconnectsBefore = -1;

    @Override
    Duration reconnectDelay() {
        return Duration.ofMillis(300);
    }

    @Override
    protected void beforeChange() {
        RedisChangeFeed listening = (RedisChangeFeed) feedB;
        reconnectsBefore = listening.reconnects();
        int killed = RedisServer.killClients(clients.get(0), clientName("b"));
        assertThat(killed)
                .as("B's connections killed (subscribed and publishing)")
                .isEqualTo(2);
        awaitTrue(Duration.ofSeconds(5), "B noticing the lost connection", () -> !listening.isSubscribed());
        // Warm B's cache again now that no notice can reach it.
        keyOn(b);
    }

    @AfterEach
    void bReconnected() {
        if (reconnectsBefore >= 0) {
            RedisChangeFeed listening = (RedisChangeFeed) feedB;
            awaitTrue(
                    Duration.ofSeconds(5),
                    "B's feed subscribing again",
                    () -> listening.reconnects() > reconnectsBefore);
        }
    }
}
