package dev.connections.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.error.NoConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChangeFeed}: two host instances over the same storage, each a {@link Connections}
 * facade with its own cache and its own feed; a change made on A is seen by {@code resolveDefault} on B
 * within {@link #deadline()}. Both caches keep entries for 10 minutes, so only the feed can make B
 * converge.
 *
 * <p>Changes are made through A's facade, which commits them through A's repository and then calls
 * {@code publish(workspace, app)} on A's feed; a feed may carry the notice in either step (the polling
 * JDBC feed reads a change log the repository writes, and its {@code publish} has nothing left to do).
 *
 * <p>Extend it and implement {@link #createInstance()}, which the contract calls twice before every test
 * (first A, then B): both instances must share storage, and each gets its own feed. Override {@link
 * #awaitReady(ChangeFeed)} when a feed needs time before it hears changes, {@link #deadline()} for the
 * feed's promise, and {@link #release()} to free what {@code createInstance} opened. Tests use fresh
 * random workspaces, so the storage may be shared and hold other data.
 */
public abstract class ChangeFeedContract {
    /** The app every test changes. */
    protected static final IntegrationId APP = TckCatalog.ALPHA;

    /** How long caches would keep a stale entry if no notice came. */
    private static final Duration CACHE_LIFETIME = Duration.ofMinutes(10);

    /** The workspace of the current test. */
    protected WorkspaceId ws;
    /** Instance A, where the changes are made. */
    protected Connections a;
    /** Instance B, which must converge. */
    protected Connections b;
    /** A's feed. */
    protected ChangeFeed feedA;
    /** B's feed. */
    protected ChangeFeed feedB;

    /** One host instance's storage and feed. */
    protected record Instance(ConnectionRepository repository, SecretStore secretStore, ChangeFeed feed) {
        public Instance {
            Objects.requireNonNull(repository, "repository");
            Objects.requireNonNull(secretStore, "secretStore");
            Objects.requireNonNull(feed, "feed");
        }
    }

    /**
     * One host instance: storage shared with every other instance of this test, and a feed of its own.
     * Called twice before every test, first for A, then for B.
     */
    protected abstract Instance createInstance() throws Exception;

    /** Waits until {@code feed}, already subscribed to by its facade, hears changes; the default returns. */
    protected void awaitReady(ChangeFeed feed) throws Exception {}

    /** How long B may take to see A's change; 1 s unless overridden. */
    protected Duration deadline() {
        return Duration.ofSeconds(1);
    }

    /**
     * Whether {@code publish(workspace, app)} reaches subscribers as {@code appChanged} with the app; a
     * feed that keeps the interface's default (which announces the whole workspace) returns false, and the
     * contract then accepts {@code workspaceChanged}.
     */
    protected boolean announcesApps() {
        return true;
    }

    /** Runs just before each change on A that B must converge to; e.g. to cut B's feed connection. */
    protected void beforeChange() throws Exception {}

    /** Called after every test, once both facades and feeds are closed. */
    protected void release() throws Exception {}

    @BeforeEach
    void startTwoInstances() throws Exception {
        ws = TckData.newWorkspace();
        Instance first = createInstance();
        Instance second = createInstance();
        feedA = first.feed();
        feedB = second.feed();
        a = facade(first);
        b = facade(second);
        awaitReady(feedA);
        awaitReady(feedB);
    }

    @AfterEach
    void stopInstances() throws Exception {
        try {
            if (b != null) {
                b.close();
            }
            if (a != null) {
                a.close();
            }
        } finally {
            release();
        }
    }

    private static Connections facade(Instance instance) {
        return ConnectionsBuilder.newBuilder()
                .repository(instance.repository())
                .secretStore(instance.secretStore())
                .keyRing(TckConnections.KEY_RING)
                .catalog(new TckCatalog())
                .changeFeed(instance.feed())
                .cacheMaxStaleness(CACHE_LIFETIME)
                .negativeCacheTtl(CACHE_LIFETIME)
                .build();
    }

    @Test
    @DisplayName("a new default set on A is resolved on B within the deadline")
    void setDefaultOnAReachesB() throws Exception {
        Connection first = a.addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));
        Connection second = a.addConnection(ws, APP, "Backup", Secret.of("sk-test-backup-0123456789"));
        assertThat(defaultOn(b)).isEqualTo(first.id());

        beforeChange();
        a.setDefault(ws, second.id());

        awaitTrue(deadline(), "B resolving the new default", () -> second.id().equals(defaultOn(b)));
    }

    @Test
    @DisplayName("a key replaced on A is resolved on B within the deadline")
    void keyReplacementOnAReachesB() throws Exception {
        Connection c = a.addConnection(ws, APP, "Main", Secret.of("sk-test-old-0123456789"));
        assertThat(keyOn(b)).isEqualTo("sk-test-old-0123456789");

        beforeChange();
        a.editConnection(ws, c.id(), ConnectionEdit.replaceApiKey(c.version(), Secret.of("sk-test-new-0123456789")));

        awaitTrue(deadline(), "B resolving the replaced key", () -> "sk-test-new-0123456789".equals(keyOn(b)));
    }

    @Test
    @DisplayName("a connection deleted on A is gone on B within the deadline")
    void deleteOnAReachesB() throws Exception {
        Connection c = a.addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));
        assertThat(defaultOn(b)).isEqualTo(c.id());

        beforeChange();
        a.deleteConnection(ws, c.id(), c.version());

        awaitTrue(deadline(), "B reporting no connection", () -> defaultOn(b) == null);
    }

    @Test
    @DisplayName("a first connection added on A is resolved on B although B cached its absence")
    void firstConnectionOnAReachesBAfterBCachedItsAbsence() throws Exception {
        assertThat(defaultOn(b)).isNull();

        beforeChange();
        Connection c = a.addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));

        awaitTrue(deadline(), "B resolving the new connection", () -> c.id().equals(defaultOn(b)));
    }

    @Test
    @DisplayName("subscribers on every instance, this one included, hear the changed app")
    void subscribersHearTheApp() {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        feedA.subscribe(onA);
        feedB.subscribe(onB);

        a.addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));

        awaitTrue(deadline(), "B's subscriber hearing " + APP, () -> onB.heardApp(ws, APP));
        awaitTrue(deadline(), "A's own subscriber hearing " + APP, () -> onA.heardApp(ws, APP));
    }

    @Test
    @DisplayName("a subscriber that throws does not keep the others from hearing")
    void throwingSubscriberDoesNotStopTheOthers() {
        Connection first = a.addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));
        Connection second = a.addConnection(ws, APP, "Backup", Secret.of("sk-test-backup-0123456789"));
        assertThat(defaultOn(b)).isEqualTo(first.id());
        Recorder listening = new Recorder();
        feedB.subscribe(new Throwing());
        feedB.subscribe(listening);
        feedB.subscribe(new Throwing());

        a.setDefault(ws, second.id());

        awaitTrue(deadline(), "B's other subscriber hearing " + APP, () -> listening.heardApp(ws, APP));
        awaitTrue(deadline(), "B resolving the new default", () -> second.id().equals(defaultOn(b)));
    }

    @Test
    @DisplayName("after close() the feed delivers nothing more to its subscribers")
    void nothingIsDeliveredAfterClose() throws Exception {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        feedA.subscribe(onA);
        feedB.subscribe(onB);

        feedB.close();
        onB.stopAccepting();
        a.addConnection(ws, APP, "Main", Secret.of("sk-test-main-0123456789"));

        awaitTrue(deadline(), "A's own subscriber hearing " + APP, () -> onA.heardApp(ws, APP));
        // A heard it, so B would have by now or within the deadline: B must stay silent for that long.
        Awaitility.await("no notice delivered by B's feed after close()")
                .during(deadline())
                .atMost(deadline().plusSeconds(5))
                .until(() -> onB.late().isEmpty());
        assertThat(onB.late()).as("notices delivered by B's feed after close()").isEmpty();
    }

    /** The id B resolves as default for {@link #APP} in {@link #ws}, or null when it reports none. */
    protected @Nullable ConnectionId defaultOn(Connections instance) {
        try {
            return instance.resolveDefault(ws, APP).connection().id();
        } catch (NoConnectionException e) {
            return null;
        }
    }

    /** The key {@code instance} resolves for {@link #APP} in {@link #ws}, or null when it reports none. */
    protected @Nullable String keyOn(Connections instance) {
        try {
            return instance.resolveDefault(ws, APP).withKey(Secret::reveal);
        } catch (NoConnectionException e) {
            return null;
        }
    }

    /**
     * Polls {@code condition} until it holds or {@code deadline} passes; no fixed sleep, it returns as soon
     * as the condition holds.
     */
    protected static void awaitTrue(Duration deadline, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(deadline)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    /** Records notices; calls may come from the feed's own thread. */
    private final class Recorder implements ChangeFeed.Subscriber {
        private final List<String> heard = new ArrayList<>();
        private final List<String> late = new ArrayList<>();
        private boolean accepting = true;

        @Override
        public synchronized void workspaceChanged(WorkspaceId workspace) {
            record("workspace " + workspace.value());
        }

        @Override
        public synchronized void appChanged(WorkspaceId workspace, IntegrationId integration) {
            record("app " + workspace.value() + " " + integration.value());
        }

        @Override
        public synchronized void everythingChanged() {
            record("everything");
        }

        private void record(String notice) {
            (accepting ? heard : late).add(notice);
        }

        synchronized boolean heardApp(WorkspaceId workspace, IntegrationId integration) {
            return heard.contains("app " + workspace.value() + " " + integration.value())
                    || (!announcesApps() && heard.contains("workspace " + workspace.value()));
        }

        synchronized void stopAccepting() {
            accepting = false;
        }

        synchronized List<String> late() {
            return List.copyOf(late);
        }
    }

    /** A subscriber that fails on every notice. */
    private static final class Throwing implements ChangeFeed.Subscriber {
        @Override
        public void workspaceChanged(WorkspaceId workspace) {
            throw new IllegalStateException("subscriber failing on purpose (workspaceChanged)");
        }

        @Override
        public void appChanged(WorkspaceId workspace, IntegrationId integration) {
            throw new IllegalStateException("subscriber failing on purpose (appChanged)");
        }

        @Override
        public void everythingChanged() {
            throw new IllegalStateException("subscriber failing on purpose (everythingChanged)");
        }
    }
}
