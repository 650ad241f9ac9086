package dev.connections.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.error.NoConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.TckCatalog;
import dev.connections.tck.TckConnections;
import dev.connections.tck.TckData;
import dev.connections.tck.fault.TcpFaultProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The Redis feed across network cuts ({@link TcpFaultProxy} between both instances and Redis) and a SIGKILLed
 * broker: two facades over one in-memory storage, a change made on A while the broker is out of reach, and B
 * resolving it once the network heals, through the notice held by the network or the "everything changed"
 * the feed sends after it subscribes again. Prints the time from the cut to B noticing it and from healing to
 * B converging. The feeds send a heartbeat every 300 ms, so silent cuts (blackhole, half-open) are noticed
 * during the cut too; one test keeps the heartbeat off to show what a silent cut does without it.
 */
class RedisChangeFeedFaultTest {
    private static final IntegrationId APP = TckCatalog.ALPHA;
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final Duration HEARTBEAT = Duration.ofMillis(300);
    /**
     * Longest from a silent cut to its being noticed: the PING sent up to one interval after the cut, its
     * timeout (the interval), and slack for this loaded machine.
     */
    private static final Duration NOTICE_WITHIN = HEARTBEAT.multipliedBy(2).plusMillis(600);

    private static final List<String> FIGURES = new CopyOnWriteArrayList<>();

    private final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final String channel = RedisServer.uniqueName("faults");
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final WorkspaceId ws = TckData.newWorkspace();

    private @Nullable TcpFaultProxy proxy;

    /** One host instance: its facade, its feed, and what its feed told its subscribers. */
    private record Instance(Connections facade, RedisChangeFeed feed, Heard heard) {}

    @BeforeEach
    void gate() {
        RedisServer.url();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @AfterAll
    static void printFigures() {
        FIGURES.forEach(f -> System.out.println("FAULT-FIGURE redis " + f));
    }

    @Test
    @DisplayName("every connection reset until healed: both feeds reconnect, B drops everything and converges")
    void resetAll() throws Exception {
        TcpFaultProxy p = proxyToRedis();
        Cut cut = new Cut("reset", p::reset, Duration.ofSeconds(2), true, false);
        survive(p.host(), p.port(), cut, p::passThrough);
        assertThat(p.resets()).as("connections the proxy reset").isGreaterThanOrEqualTo(4);
    }

    @Test
    @DisplayName("a blackhole longer than the publish timeout: a missed heartbeat notices it, B converges on healing")
    void blackhole() throws Exception {
        TcpFaultProxy p = proxyToRedis();
        // The PING goes unanswered: each feed closes its subscribed connection and connects again, which hangs
        // in the handshake until the network heals; then it subscribes and B drops everything.
        Cut cut = new Cut("blackhole", p::blackhole, Duration.ofMillis(2_500), true, true);
        survive(p.host(), p.port(), cut, p::passThrough);
    }

    @Test
    @DisplayName("a blackhole with the heartbeat off: unnoticed, the held notice reaches B once healed")
    void blackholeWithoutHeartbeat() throws Exception {
        TcpFaultProxy p = proxyToRedis();
        // Lettuce sends nothing on a subscribed connection by itself: the cut goes unnoticed and the bytes the
        // network held (A's PUBLISH among them) flow once it heals; no reconnect happens.
        Cut cut = new Cut("blackhole without heartbeat", p::blackhole, Duration.ofMillis(2_500), false, false);
        survive(p.host(), p.port(), cut, p::passThrough, false, Duration.ZERO);
    }

    @Test
    @DisplayName("half-open (Redis saw the connections end, the feeds did not): a missed heartbeat notices it")
    void halfOpen() throws Exception {
        TcpFaultProxy p = proxyToRedis();
        // Redis ends its side; the feeds hear nothing, but their PING goes unanswered, so each replaces its
        // subscribed connection (attempts hang half-open until healed). A's PUBLISH dies in the half-closed
        // connection, so only B's "everything changed" once subscribed again can bring B back. 4 s: longer than
        // the feed's eight connect attempts at 300 ms, so it only recovers if stuck attempts make room.
        Cut cut = new Cut(
                "half-open", () -> p.halfOpen(TcpFaultProxy.Direction.TO_SERVER), Duration.ofSeconds(4), true, true);
        survive(p.host(), p.port(), cut, p::passThrough);
    }

    @Test
    @DisplayName("the broker SIGKILLed and restarted on its port: both feeds reconnect, B converges")
    void brokerRestart() throws Exception {
        PrivateRedis broker = PrivateRedis.start();
        opened.add(broker);
        Cut cut = new Cut("broker restart", () -> uncheckedKill(broker), Duration.ofSeconds(1), true, false);
        survive("127.0.0.1", broker.port(), cut, () -> uncheckedStart(broker));
    }

    /**
     * A fault: how to make it, how long it lasts, whether the feeds notice it while it lasts, and whether it is
     * silent (only a missed heartbeat can notice it).
     */
    private record Cut(String name, Runnable make, Duration lasting, boolean noticedDuring, boolean silent) {}

    private void survive(String host, int port, Cut cut, Runnable heal) throws Exception {
        survive(host, port, cut, heal, cut.noticedDuring(), HEARTBEAT);
    }

    private void survive(String host, int port, Cut cut, Runnable heal, boolean reconnects, Duration heartbeat)
            throws Exception {
        Instance a = instance(host, port, "a", heartbeat);
        Instance b = instance(host, port, "b", heartbeat);
        Connection first = a.facade().addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));
        Connection second = a.facade().addConnection(ws, APP, "Backup", Secret.of("sk-test-backup-0123456789"));
        // B's cache is warmed only once A's two notices have reached it, or a late one would empty it.
        RedisServer.awaitTrue(
                Duration.ofSeconds(2),
                "B hearing A's two additions",
                () -> b.heard().apps() >= 2);
        assertThat(defaultOn(b)).as("B warmed with the first default").isEqualTo(first.id());
        long aBefore = a.feed().reconnects();
        long bBefore = b.feed().reconnects();
        int everythingBefore = b.heard().everything();
        assertThat(b.feed().missedHeartbeats())
                .as("B's missed heartbeats before the cut")
                .isZero();

        long cutAt = System.nanoTime();
        cut.make().run();
        if (cut.noticedDuring()) {
            RedisServer.awaitTrue(
                    Duration.ofSeconds(5), "B noticing the cut", () -> !b.feed().isSubscribed());
            long noticedMs = (System.nanoTime() - cutAt) / 1_000_000;
            FIGURES.add(cut.name() + " noticedMs=" + noticedMs);
            RedisServer.awaitTrue(
                    Duration.ofSeconds(5), "A noticing the cut", () -> !a.feed().isSubscribed());
            if (cut.silent()) {
                assertThat(noticedMs)
                        .as("time from the silent cut to B noticing it (heartbeat %s)", HEARTBEAT)
                        .isLessThanOrEqualTo(NOTICE_WITHIN.toMillis());
                assertThat(b.feed().missedHeartbeats())
                        .as("B's missed heartbeats")
                        .isPositive();
                assertThat(a.feed().missedHeartbeats())
                        .as("A's missed heartbeats")
                        .isPositive();
            }
        } else {
            // Held for the whole cut: neither feed may think itself cut off.
            Awaitility.await("both feeds unaware of the cut")
                    .during(HEARTBEAT.multipliedBy(3))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> a.feed().isSubscribed() && b.feed().isSubscribed());
        }
        // The facade commits and logs the failed publish (at most the 1 s publish timeout); it never throws.
        a.facade().setDefault(ws, second.id());
        assertThat(defaultOn(b))
                .as("B still on its cached default during the cut")
                .isEqualTo(first.id());
        long left = cut.lasting().toNanos() - (System.nanoTime() - cutAt);
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        assertThat(defaultOn(b)).as("B still stale at the end of the cut").isEqualTo(first.id());

        long healedAt = System.nanoTime();
        heal.run();
        RedisServer.awaitTrue(Duration.ofSeconds(10), "B resolving A's change after healing", () -> second.id()
                .equals(defaultOn(b)));
        long recoveredMs = (System.nanoTime() - healedAt) / 1_000_000;
        FIGURES.add(cut.name() + " recoveredMs=" + recoveredMs);

        if (reconnects) {
            RedisServer.awaitTrue(
                    Duration.ofSeconds(10), "B subscribed again", () -> b.feed().reconnects() > bBefore);
            RedisServer.awaitTrue(
                    Duration.ofSeconds(10), "A subscribed again", () -> a.feed().reconnects() > aBefore);
        } else {
            assertThat(b.feed().reconnects()).as("B's reconnects").isEqualTo(bBefore);
            assertThat(b.feed().missedHeartbeats()).as("B's missed heartbeats").isZero();
        }
        assertThat(b.feed().isSubscribed()).as("B subscribed").isTrue();
        assertThat(a.feed().isSubscribed()).as("A subscribed").isTrue();

        // The feed works again: a change made after healing reaches B within the usual second.
        a.facade().setDefault(ws, first.id());
        RedisServer.awaitTrue(Duration.ofSeconds(1), "B resolving a change after recovery", () -> first.id()
                .equals(defaultOn(b)));
        // Notices held during the cut and delivered late only invalidate: B keeps the newest default.
        Awaitility.await("B staying on the newest default")
                .during(Duration.ofMillis(300))
                .atMost(Duration.ofSeconds(2))
                .until(() -> first.id().equals(defaultOn(b)));
        // One "everything changed" per new subscription, none duplicated.
        assertThat(b.heard().everything() - everythingBefore)
                .as("B's everything-changed notices since the cut")
                .isEqualTo(b.feed().reconnects() - bBefore);
    }

    private TcpFaultProxy proxyToRedis() {
        URI redis = URI.create(RedisServer.url());
        proxy = TcpFaultProxy.start(redis.getHost(), redis.getPort() > 0 ? redis.getPort() : 6379);
        return proxy;
    }

    private Instance instance(String host, int port, String name, Duration heartbeat) throws InterruptedException {
        ClientResources res = ClientResources.builder()
                // Backoff: 50 ms doubling to 800 ms between attempts.
                .reconnectDelay(
                        Delay.exponential(Duration.ofMillis(50), Duration.ofMillis(800), 2, TimeUnit.MILLISECONDS))
                .build();
        opened.add(() -> res.shutdown().get(5, TimeUnit.SECONDS));
        // A 2 s command timeout (Lettuce's default is 60 s) also bounds a connect hanging in a silent network.
        RedisClient client = RedisClient.create(
                res,
                RedisURI.Builder.redis(host, port)
                        .withTimeout(Duration.ofSeconds(2))
                        .build());
        opened.add(client::shutdown);
        RedisChangeFeed feed = RedisChangeFeed.builder(client)
                .channel(channel)
                .clientName(channel + "-" + name)
                .heartbeatInterval(heartbeat)
                .build();
        Heard heard = new Heard();
        feed.subscribe(heard);
        Connections facade = ConnectionsBuilder.newBuilder()
                .repository(repository)
                .secretStore(secrets)
                .keyRing(TckConnections.KEY_RING)
                .catalog(new TckCatalog())
                .changeFeed(feed)
                .cacheMaxStaleness(TEN_MINUTES)
                .negativeCacheTtl(TEN_MINUTES)
                .build();
        opened.add(facade::close);
        assertThat(feed.awaitSubscribed(Duration.ofSeconds(10)))
                .as("feed subscribed")
                .isTrue();
        return new Instance(facade, feed, heard);
    }

    private @Nullable ConnectionId defaultOn(Instance instance) {
        try {
            return instance.facade().resolveDefault(ws, APP).connection().id();
        } catch (NoConnectionException e) {
            return null;
        }
    }

    private static void uncheckedKill(PrivateRedis broker) {
        try {
            broker.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void uncheckedStart(PrivateRedis broker) {
        try {
            broker.startAgain();
        } catch (Exception e) {
            throw new IllegalStateException("redis-server did not start again", e);
        }
    }

    /** Counts the "everything changed" notices a feed delivers. */
    private static final class Heard implements ChangeFeed.Subscriber {
        private int everything;
        private int apps;

        @Override
        public void workspaceChanged(WorkspaceId workspace) {}

        @Override
        public synchronized void appChanged(WorkspaceId workspace, IntegrationId integration) {
            apps++;
        }

        @Override
        public synchronized void everythingChanged() {
            everything++;
        }

        synchronized int apps() {
            return apps;
        }

        synchronized int everything() {
            return everything;
        }
    }
}
