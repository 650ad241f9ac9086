package dev.connections.redis;

import static dev.connections.redis.RedisServer.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.TckCatalog;
import dev.connections.tck.TckConnections;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Redis feed on its own: what goes over the wire, what it hears, what it leaves behind, how it fails. */
class RedisChangeFeedTest {
    private final String channel = RedisServer.uniqueName("channel");
    private final String name = RedisServer.uniqueName("client");
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private RedisClient admin;

    @BeforeEach
    void admin() {
        admin = RedisClient.create(RedisServer.url());
    }

    @AfterEach
    void shutdown() {
        if (admin != null) {
            admin.shutdown();
        }
    }

    private RedisChangeFeed listeningFeed() throws InterruptedException {
        return listeningFeed(Duration.ofSeconds(10));
    }

    private RedisChangeFeed listeningFeed(Duration heartbeat) throws InterruptedException {
        RedisChangeFeed feed = RedisChangeFeed.builder(RedisServer.url())
                .channel(channel)
                .clientName(name)
                .heartbeatInterval(heartbeat)
                .build();
        feed.subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                heard.add(workspace.value());
            }

            @Override
            public void appChanged(WorkspaceId workspace, IntegrationId integration) {
                heard.add(workspace.value() + "/" + integration.value());
            }

            @Override
            public void everythingChanged() {
                heard.add("*");
            }
        });
        assertThat(feed.awaitSubscribed(Duration.ofSeconds(10))).isTrue();
        return feed;
    }

    @Test
    void aWriteThroughTheFacadePublishesIdsOnlyNeverTheKey() throws Exception {
        List<String> wire = new CopyOnWriteArrayList<>();
        try (StatefulRedisPubSubConnection<String, String> spy = admin.connectPubSub();
                RedisChangeFeed feed = listeningFeed()) {
            spy.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    wire.add(message);
                }
            });
            spy.sync().subscribe(channel);
            Connections connections = ConnectionsBuilder.newBuilder()
                    .repository(new InMemoryConnectionRepository())
                    .secretStore(new InMemorySecretStore())
                    .keyRing(TckConnections.KEY_RING)
                    .catalog(new TckCatalog())
                    .changeFeed(feed)
                    .build();
            WorkspaceId ws = WorkspaceId.of("acme");
            connections.addConnection(ws, TckCatalog.ALPHA, "Main", Secret.of("sk-live-do-not-leak-0123456789"));

            awaitTrue(Duration.ofSeconds(5), "the notice on the wire", () -> !wire.isEmpty());
            assertThat(wire).containsExactly("acme " + TckCatalog.ALPHA.value());
            assertThat(String.join("\n", wire)).doesNotContain("sk-live").doesNotContain("Main");
            awaitTrue(
                    Duration.ofSeconds(5),
                    "the feed hearing its own notice",
                    () -> heard.contains("acme/" + TckCatalog.ALPHA.value()));
            connections.close();
        }
    }

    @Test
    void hearsWorkspacesAndTakesAnUnreadablePayloadAsEverythingChanged() throws Exception {
        try (RedisChangeFeed feed = listeningFeed();
                StatefulRedisConnection<String, String> raw = admin.connect()) {
            // The "everything changed" of the first subscription may be delivered before this test subscribed (it
            // races build() returning); if heard, it comes before anything published after subscribing.
            raw.sync().publish(channel, "acme");
            awaitTrue(Duration.ofSeconds(5), "acme heard", () -> heard.contains("acme"));
            raw.sync().publish(channel, "");
            awaitTrue(
                    Duration.ofSeconds(5),
                    "unreadable notice heard",
                    () -> heard.lastIndexOf("*") > heard.indexOf("acme"));
            assertThat(heard.subList(heard.indexOf("acme"), heard.size())).containsExactly("acme", "*");
        }
    }

    @Test
    void closeLeavesNoConnectionAndDeliversNothingMore() throws Exception {
        RedisChangeFeed feed = listeningFeed();
        assertThat(RedisServer.clientsNamed(admin, name))
                .as("subscribed + publishing")
                .isEqualTo(2);

        feed.close();
        heard.clear();
        try (StatefulRedisConnection<String, String> raw = admin.connect()) {
            assertThat(raw.sync().publish(channel, "acme"))
                    .as("subscribers left on the channel")
                    .isZero();
        }
        feed.publish(WorkspaceId.of("acme"), TckCatalog.ALPHA);

        assertThat(feed.isSubscribed()).isFalse();
        awaitTrue(Duration.ofSeconds(5), "both connections gone", () -> RedisServer.clientsNamed(admin, name) == 0);
        assertThat(heard).isEmpty();
    }

    @Test
    void heartbeatPingsOnTheSubscribedConnectionAndItsThreadsEndOnClose() throws Exception {
        RedisChangeFeed feed = listeningFeed(Duration.ofMillis(100));
        // Redis records each connection's last command: the subscribed one (sub=1) answers the heartbeat.
        awaitTrue(Duration.ofSeconds(5), "a PING on the subscribed connection", this::subscribedLastPinged);
        assertThat(feed.missedHeartbeats()).as("missed heartbeats").isZero();
        assertThat(feed.reconnects()).as("reconnects").isZero();
        assertThat(feedThreads())
                .as("the feed's threads while open")
                .contains("connections-redis-change-feed-heartbeat");

        feed.close();
        awaitTrue(Duration.ofSeconds(5), "the feed's threads ended", () -> feedThreads()
                .isEmpty());
    }

    @Test
    void heartbeatIsAnsweredOnResp2Too() throws Exception {
        // RESP2 answers PING in subscribed mode with ["pong", ""], not +PONG: it must still count as an answer.
        RedisClient resp2 = RedisClient.create(RedisServer.url());
        resp2.setOptions(
                ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (RedisChangeFeed feed = RedisChangeFeed.builder(resp2)
                .channel(channel)
                .clientName(name)
                .heartbeatInterval(Duration.ofMillis(100))
                .build()) {
            assertThat(feed.awaitSubscribed(Duration.ofSeconds(10))).isTrue();
            awaitTrue(Duration.ofSeconds(5), "a PING on the subscribed connection", this::subscribedLastPinged);
            Thread.sleep(500);
            assertThat(feed.missedHeartbeats()).as("missed heartbeats").isZero();
            assertThat(feed.reconnects()).as("reconnects").isZero();
        } finally {
            resp2.shutdown();
        }
    }

    @Test
    void heartbeatZeroStartsNoThread() throws Exception {
        try (RedisChangeFeed feed = listeningFeed(Duration.ZERO)) {
            assertThat(feedThreads()).doesNotContain("connections-redis-change-feed-heartbeat");
        }
    }

    private boolean subscribedLastPinged() {
        try (StatefulRedisConnection<String, String> raw = admin.connect()) {
            return raw.sync()
                    .clientList()
                    .lines()
                    .anyMatch(
                            l -> l.contains(" name=" + name + " ") && l.contains(" sub=1 ") && l.contains(" cmd=ping"));
        }
    }

    private static List<String> feedThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith("connections-redis-change-feed"))
                .toList();
    }

    @Test
    void unreachableRedisFailsAtBuildWithoutQuotingThePassword() {
        RedisServer.url();
        // Port 1 on localhost: nothing listens there.
        assertThatThrownBy(() -> RedisChangeFeed.builder("redis://:hunter2-secret@127.0.0.1:1")
                        .build())
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(messages(e)).doesNotContain("hunter2-secret"));
        assertThatThrownBy(() -> RedisChangeFeed.builder("http://:hunter2-secret@127.0.0.1:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(messages(e)).doesNotContain("hunter2-secret"));
    }

    @Test
    void badSettingsAreRefusedByName() {
        RedisChangeFeed.Builder builder = RedisChangeFeed.builder("redis://127.0.0.1:6379");
        assertThatThrownBy(() -> builder.channel(" ")).hasMessageContaining("channel");
        assertThatThrownBy(() -> builder.clientName("a b")).hasMessageContaining("clientName");
        assertThatThrownBy(() -> builder.publishTimeout(Duration.ZERO)).hasMessageContaining("publishTimeout");
        assertThatThrownBy(() -> builder.heartbeatInterval(Duration.ofMillis(-1)))
                .hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> builder.heartbeatTimeout(Duration.ZERO)).hasMessageContaining("heartbeatTimeout");
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }
}
