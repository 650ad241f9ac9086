package dev.connections.nats;

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
 * The NATS feed across network cuts ({@link TcpFaultProxy} between both instances and NATS) and a SIGKILLed
 * broker: two facades over one in-memory storage, a change made on A while the broker is out of reach, and B
 * resolving it once the network heals through the "everything changed" the feed sends after it subscribes
 * again. Each feed pings every 300 ms, so jnats notices even a silent cut within about 1.2 s. Prints the
 * time from healing to B converging.
 */
class NatsChangeFeedFaultTest {
    private static final IntegrationId APP = TckCatalog.ALPHA;
    private static final Duration TEN_MINUTES = Duration.ofMinutes(10);
    private static final List<String> FIGURES = new CopyOnWriteArrayList<>();

    private final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final String subject = NatsServer.uniqueSubject();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final WorkspaceId ws = TckData.newWorkspace();

    private @Nullable TcpFaultProxy proxy;

    /** One host instance: its facade, its feed, and what its feed told its subscribers. */
    private record Instance(Connections facade, NatsChangeFeed feed, Heard heard) {}

    @BeforeEach
    void gate() {
        NatsServer.url();
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
        FIGURES.forEach(f -> System.out.println("FAULT-FIGURE nats " + f));
    }

    @Test
    @DisplayName("every connection reset until healed: both feeds reconnect, B drops everything and converges")
    void resetAll() throws Exception {
        TcpFaultProxy p = proxyToNats();
        Cut cut = new Cut("reset", p::reset, Duration.ofSeconds(2), true);
        survive(p.host(), p.port(), cut, p::passThrough);
        assertThat(p.resets()).as("connections the proxy reset").isGreaterThanOrEqualTo(4);
    }

    @Test
    @DisplayName("a blackhole longer than two pings: both feeds notice, reconnect on healing, B converges")
    void blackhole() throws Exception {
        TcpFaultProxy p = proxyToNats();
        // Two unanswered pings (about 1.2 s at 300 ms) and jnats drops the connection; reconnecting waits on the
        // blackhole until it heals.
        Cut cut = new Cut("blackhole", p::blackhole, Duration.ofMillis(2_500), true);
        survive(p.host(), p.port(), cut, p::passThrough);
    }

    @Test
    @DisplayName("half-open (NATS saw the connections end, the feeds did not): pings notice, B converges")
    void halfOpen() throws Exception {
        TcpFaultProxy p = proxyToNats();
        // NATS ends its side; the feeds hear nothing, and their unanswered pings tell them.
        Cut cut = new Cut(
                "half-open", () -> p.halfOpen(TcpFaultProxy.Direction.TO_SERVER), Duration.ofMillis(2_500), true);
        survive(p.host(), p.port(), cut, p::passThrough);
    }

    @Test
    @DisplayName("the broker SIGKILLed and restarted on its port: both feeds reconnect, B converges")
    void brokerRestart() throws Exception {
        PrivateNats broker = PrivateNats.start();
        opened.add(broker);
        Cut cut = new Cut("broker restart", () -> uncheckedKill(broker), Duration.ofSeconds(1), true);
        survive("127.0.0.1", broker.port(), cut, () -> uncheckedStart(broker));
    }

    /** A fault: how to make it, how long it lasts, and whether the feeds notice it while it lasts. */
    private record Cut(String name, Runnable make, Duration lasting, boolean noticedDuring) {}

    private void survive(String host, int port, Cut cut, Runnable heal) throws Exception {
        survive(host, port, cut, heal, cut.noticedDuring());
    }

    private void survive(String host, int port, Cut cut, Runnable heal, boolean reconnects) throws Exception {
        Instance a = instance(host, port, "a");
        Instance b = instance(host, port, "b");
        Connection first = a.facade().addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));
        Connection second = a.facade().addConnection(ws, APP, "Backup", Secret.of("sk-test-backup-0123456789"));
        // B's cache is warmed only once A's two notices have reached it, or a late one would empty it.
        NatsServer.awaitTrue(
                Duration.ofSeconds(2),
                "B hearing A's two additions",
                () -> b.heard().apps() >= 2);
        assertThat(defaultOn(b)).as("B warmed with the first default").isEqualTo(first.id());
        long aBefore = a.feed().reconnects();
        long bBefore = b.feed().reconnects();
        int everythingBefore = b.heard().everything();

        long cutAt = System.nanoTime();
        cut.make().run();
        if (cut.noticedDuring()) {
            NatsServer.awaitTrue(
                    Duration.ofSeconds(5), "B noticing the cut", () -> !b.feed().isSubscribed());
            FIGURES.add(cut.name() + " noticedMs=" + (System.nanoTime() - cutAt) / 1_000_000);
            NatsServer.awaitTrue(
                    Duration.ofSeconds(5), "A noticing the cut", () -> !a.feed().isSubscribed());
        }
        // jnats buffers the publish while disconnected; the write never waits.
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
        NatsServer.awaitTrue(Duration.ofSeconds(10), "B resolving A's change after healing", () -> second.id()
                .equals(defaultOn(b)));
        long recoveredMs = (System.nanoTime() - healedAt) / 1_000_000;
        FIGURES.add(cut.name() + " recoveredMs=" + recoveredMs);

        if (reconnects) {
            NatsServer.awaitTrue(
                    Duration.ofSeconds(10), "B subscribed again", () -> b.feed().reconnects() > bBefore);
            NatsServer.awaitTrue(
                    Duration.ofSeconds(10), "A subscribed again", () -> a.feed().reconnects() > aBefore);
        } else {
            assertThat(b.feed().reconnects()).as("B's reconnects").isEqualTo(bBefore);
        }
        assertThat(b.feed().isSubscribed()).as("B subscribed").isTrue();
        assertThat(a.feed().isSubscribed()).as("A subscribed").isTrue();

        // The feed works again: a change made after healing reaches B within the usual second.
        a.facade().setDefault(ws, first.id());
        NatsServer.awaitTrue(Duration.ofSeconds(1), "B resolving a change after recovery", () -> first.id()
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

    private TcpFaultProxy proxyToNats() {
        URI nats = URI.create(NatsServer.url());
        proxy = TcpFaultProxy.start(nats.getHost(), nats.getPort() > 0 ? nats.getPort() : 4222);
        return proxy;
    }

    private Instance instance(String host, int port, String name) {
        NatsChangeFeed feed = NatsChangeFeed.builder("nats://" + host + ":" + port)
                .subject(subject)
                .connectionName(subject + "-" + name)
                // jnats waits this long (plus jitter) between attempts.
                .reconnectWait(Duration.ofMillis(200))
                .pingInterval(Duration.ofMillis(300))
                .build();
        opened.add(feed::close);
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
        assertThat(feed.isSubscribed()).as("feed subscribed").isTrue();
        return new Instance(facade, feed, heard);
    }

    private @Nullable ConnectionId defaultOn(Instance instance) {
        try {
            return instance.facade().resolveDefault(ws, APP).connection().id();
        } catch (NoConnectionException e) {
            return null;
        }
    }

    private static void uncheckedKill(PrivateNats broker) {
        try {
            broker.kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void uncheckedStart(PrivateNats broker) {
        try {
            broker.startAgain();
        } catch (Exception e) {
            throw new IllegalStateException("nats-server did not start again", e);
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
