package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static dev.connections.tck.TckCatalog.BETA;
import static dev.connections.tck.TckCatalog.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.StaleConnectionException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretRef;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Concurrent writers and readers through the facade: whatever interleaving the storage allows, every app
 * with connections keeps exactly one default, no success is lost or counted twice, no secret is orphaned
 * or missing, the trigger path keeps working, and only the documented exceptions escape.
 *
 * <p>Extend it and implement {@link #createRepository()} and {@link #createSecretStore()}; tune the load
 * with {@link #threads()}, {@link #operationsPerThread()} and {@link #rounds()}.
 */
public abstract class ConnectionsConcurrencyContract {
    private static final List<IntegrationId> APPS = List.of(ALPHA, BETA, GAMMA);
    private static final List<String> NAMES = List.of("main", "backup", "prod", "staging", "ci", "ops");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    protected TckConnections tck;
    protected Connections connections;

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called before every test, after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    /** Adjusts the facade's wiring; the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    /** Racing threads (default 8). */
    protected int threads() {
        return 8;
    }

    /** Random operations per thread in the mixed test (default 300). */
    protected int operationsPerThread() {
        return 300;
    }

    /** Repetitions of the small two-party races (default 50). */
    protected int rounds() {
        return 50;
    }

    @BeforeEach
    void setUpFacade() {
        ConnectionRepository repository = createRepository();
        SecretStore secrets = createSecretStore();
        tck = TckConnections.create(repository, secrets, this::configure);
        connections = tck.connections();
    }

    @AfterEach
    void closeFacade() {
        tck.close();
    }

    private static Secret keyFor(IntegrationId app, Random random) {
        String marker = app.equals(BETA) ? "bk-" : "key-";
        return Secret.of(marker + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong()));
    }

    private static String randomCase(String name, Random random) {
        return random.nextBoolean() ? name : name.toUpperCase(Locale.ROOT);
    }

    // ---- the mixed workload -------------------------------------------------------------------------

    @Test
    @DisplayName("8 threads of random operations on 2 workspaces x 3 apps keep every invariant")
    void randomOperationsKeepTheInvariants() {
        List<WorkspaceId> workspaces = List.of(TckData.newWorkspace(), TckData.newWorkspace());
        Map<String, AtomicInteger> adds = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        long seed = ThreadLocalRandom.current().nextLong();

        Concurrently.race(threads(), TIMEOUT, index -> {
            Random random = new Random(seed + index);
            for (int i = 0; i < operationsPerThread(); i++) {
                WorkspaceId ws = workspaces.get(random.nextInt(workspaces.size()));
                IntegrationId app = APPS.get(random.nextInt(APPS.size()));
                String slot = ws + "/" + app;
                try {
                    randomOperation(ws, app, random, slot, adds, deletes);
                } catch (DuplicateConnectionNameException
                        | StaleConnectionException
                        | ConnectionNotFoundException
                        | NoConnectionException expected) {
                    // The documented outcomes of losing a race.
                } catch (RuntimeException | AssertionError e) {
                    unexpected.add(e);
                }
            }
            return null;
        });

        assertThat(unexpected).as("undocumented exceptions (seed %d)", seed).isEmpty();
        for (WorkspaceId ws : workspaces) {
            Map<IntegrationId, Integer> expectedCounts = new HashMap<>();
            Set<SecretRef> refs = new HashSet<>();
            for (IntegrationId app : APPS) {
                String slot = ws + "/" + app;
                int expected = count(adds, slot) - count(deletes, slot);
                List<Connection> list = connections.connections(ws, app);
                assertThat(list).as("%s: connections = adds - deletes", slot).hasSize(expected);
                assertDefaultInvariant(ws, app, list);
                if (expected > 0) {
                    expectedCounts.put(app, expected);
                }
                list.forEach(c -> refs.add(c.secretRef()));
            }
            assertThat(connections.connectedApps(ws))
                    .allSatisfy(a -> assertThat(a.connectionCount())
                            .isEqualTo(expectedCounts.get(a.integration().id())))
                    .extracting(ConnectedApp::integration)
                    .extracting(i -> i.id())
                    .containsExactlyInAnyOrderElementsOf(expectedCounts.keySet());
            assertThat(tck.secretsOf(ws))
                    .as("%s: exactly the live connections' secrets", ws)
                    .extracting(s -> s.binding().ref())
                    .containsExactlyInAnyOrderElementsOf(refs);
            List<ConnectionEvent> events = tck.events(ws);
            int wsAdds = APPS.stream().mapToInt(a -> count(adds, ws + "/" + a)).sum();
            int wsDeletes =
                    APPS.stream().mapToInt(a -> count(deletes, ws + "/" + a)).sum();
            assertThat(events)
                    .filteredOn(e -> e instanceof ConnectionEvent.Created)
                    .hasSize(wsAdds);
            assertThat(events)
                    .filteredOn(e -> e instanceof ConnectionEvent.Deleted)
                    .hasSize(wsDeletes);
        }
    }

    private void randomOperation(
            WorkspaceId ws,
            IntegrationId app,
            Random random,
            String slot,
            Map<String, AtomicInteger> adds,
            Map<String, AtomicInteger> deletes) {
        int dice = random.nextInt(100);
        if (dice < 30) {
            String name = randomCase(NAMES.get(random.nextInt(NAMES.size())), random);
            connections.addConnection(ws, app, name, keyFor(app, random));
            adds.computeIfAbsent(slot, s -> new AtomicInteger()).incrementAndGet();
            return;
        }
        if (dice < 40) {
            connections.resolveDefault(ws, app).withKey(Secret::length);
            return;
        }
        if (dice < 45) {
            connections.connectedApps(ws);
            return;
        }
        List<Connection> list = connections.connections(ws, app);
        if (list.isEmpty()) {
            return;
        }
        Connection target = list.get(random.nextInt(list.size()));
        if (dice < 55) {
            String name = randomCase(NAMES.get(random.nextInt(NAMES.size())), random);
            connections.editConnection(ws, target.id(), ConnectionEdit.rename(target.version(), name));
        } else if (dice < 65) {
            connections.editConnection(
                    ws, target.id(), ConnectionEdit.replaceApiKey(target.version(), keyFor(app, random)));
        } else if (dice < 80) {
            connections.setDefault(ws, target.id());
        } else if (dice < 85) {
            connections.resolve(ws, target.id()).withKey(Secret::length);
        } else {
            // Prefer deleting the default: that is the path with a promotion.
            Connection victim = random.nextBoolean() ? list.get(0) : target;
            connections.deleteConnection(ws, victim.id(), victim.version());
            deletes.computeIfAbsent(slot, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static int count(Map<String, AtomicInteger> counts, String slot) {
        AtomicInteger n = counts.get(slot);
        return n == null ? 0 : n.get();
    }

    private void assertDefaultInvariant(WorkspaceId ws, IntegrationId app, List<Connection> list) {
        if (list.isEmpty()) {
            assertThat(catchNoConnection(ws, app))
                    .as("%s/%s has nothing to resolve", ws, app)
                    .isTrue();
            return;
        }
        assertThat(list)
                .as("%s/%s: exactly one default", ws, app)
                .filteredOn(Connection::isDefault)
                .hasSize(1);
        Connection def = list.get(0);
        assertThat(def.isDefault()).isTrue();
        assertThat(connections.resolveDefault(ws, app).connection()).isEqualTo(def);
        assertThat(connections.resolveDefault(ws, app).withKey(Secret::length)).isPositive();
    }

    private boolean catchNoConnection(WorkspaceId ws, IntegrationId app) {
        try {
            connections.resolveDefault(ws, app);
            return false;
        } catch (NoConnectionException expected) {
            return true;
        }
    }

    // ---- targeted races ------------------------------------------------------------------------------

    @Test
    @DisplayName("racing first adds to an empty app: all succeed and exactly one becomes the default")
    void racingFirstAdds() {
        for (int round = 0; round < rounds(); round++) {
            WorkspaceId ws = TckData.newWorkspace();
            List<Connection> added = Concurrently.race(
                    2, TIMEOUT, i -> connections.addConnection(ws, ALPHA, "first-" + i, keyFor(ALPHA, new Random())));
            assertThat(added).filteredOn(Connection::isDefault).hasSize(1);
            assertDefaultInvariant(ws, ALPHA, connections.connections(ws, ALPHA));
            assertThat(connections.connections(ws, ALPHA)).hasSize(2);
        }
    }

    @Test
    @DisplayName(
            "racing adds of one name: exactly one wins, the others get DuplicateConnectionNameException, no orphan secret")
    void racingSameName() {
        WorkspaceId ws = TckData.newWorkspace();
        List<Boolean> won = Concurrently.race(threads(), TIMEOUT, i -> {
            try {
                connections.addConnection(ws, ALPHA, i % 2 == 0 ? "Shared" : "SHARED", keyFor(ALPHA, new Random()));
                return true;
            } catch (DuplicateConnectionNameException lost) {
                return false;
            }
        });
        assertThat(won).containsOnlyOnce(true);
        assertThat(connections.connections(ws, ALPHA)).hasSize(1);
        assertThat(tck.secretsOf(ws)).hasSize(1);
    }

    @Test
    @DisplayName("racing edits of one version: exactly one wins, the others are stale, no orphan secret")
    void racingEditsOfOneVersion() {
        WorkspaceId ws = TckData.newWorkspace();
        Connection c = connections.addConnection(ws, ALPHA, "Main", keyFor(ALPHA, new Random()));
        List<Boolean> won = Concurrently.race(threads(), TIMEOUT, i -> {
            try {
                connections.editConnection(
                        ws, c.id(), ConnectionEdit.of(c.version(), "Edit " + i, keyFor(ALPHA, new Random())));
                return true;
            } catch (StaleConnectionException lost) {
                return false;
            }
        });
        assertThat(won).containsOnlyOnce(true);
        Connection after = connections.connection(ws, c.id()).orElseThrow();
        assertThat(after.version()).isEqualTo(c.version() + 1);
        assertThat(after.name()).isEqualTo("Edit " + won.indexOf(true));
        assertThat(tck.secretsOf(ws)).extracting(s -> s.binding().ref()).containsExactly(after.secretRef());
    }

    @Test
    @DisplayName("setDefault racing deletion of the default leaves exactly one default")
    void setDefaultVersusDeleteOfDefault() {
        for (int round = 0; round < rounds(); round++) {
            WorkspaceId ws = TckData.newWorkspace();
            Random random = new Random(round);
            Connection a = connections.addConnection(ws, ALPHA, "a", keyFor(ALPHA, random));
            Connection b = connections.addConnection(ws, ALPHA, "b", keyFor(ALPHA, random));
            Connection c = connections.addConnection(ws, ALPHA, "c", keyFor(ALPHA, random));
            Connection target = round % 2 == 0 ? c : b;
            Concurrently.race(2, TIMEOUT, i -> {
                try {
                    if (i == 0) {
                        connections.deleteConnection(ws, a.id(), a.version());
                    } else {
                        connections.setDefault(ws, target.id());
                    }
                } catch (StaleConnectionException lost) {
                    // setDefault won and took the badge from a, bumping its version first.
                }
                return null;
            });
            List<Connection> list = connections.connections(ws, ALPHA);
            assertDefaultInvariant(ws, ALPHA, list);
            assertThat(list).hasSizeBetween(2, 3);
        }
    }

    @Test
    @DisplayName("while the badge moves and keys rotate, the trigger path always resolves a working key")
    void triggerPathNeverFailsUnderChurn() {
        WorkspaceId ws = TckData.newWorkspace();
        Random setup = new Random();
        for (String name : List.of("one", "two", "three")) {
            connections.addConnection(ws, BETA, name, keyFor(BETA, setup));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger writers = new AtomicInteger(threads() / 2);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        int writes = Math.max(20, operationsPerThread() / 2);

        Concurrently.race(threads(), TIMEOUT, index -> {
            Random random = new Random(index);
            if (index < threads() / 2) {
                try {
                    for (int i = 0; i < writes; i++) {
                        List<Connection> list = connections.connections(ws, BETA);
                        Connection target = list.get(random.nextInt(list.size()));
                        try {
                            if (random.nextBoolean()) {
                                connections.setDefault(ws, target.id());
                            } else {
                                connections.editConnection(
                                        ws,
                                        target.id(),
                                        ConnectionEdit.replaceApiKey(target.version(), keyFor(BETA, random)));
                            }
                        } catch (StaleConnectionException lost) {
                            // Another writer changed it first.
                        }
                    }
                } finally {
                    if (writers.decrementAndGet() == 0) {
                        writing.set(false);
                    }
                }
            } else {
                while (writing.get()) {
                    try {
                        int length = connections.resolveDefault(ws, BETA).withKey(Secret::length);
                        assertThat(length).isPositive();
                    } catch (RuntimeException | AssertionError e) {
                        failures.add(e);
                    }
                }
            }
            return null;
        });

        assertThat(failures)
                .as("the trigger path failed while the app always had connections")
                .isEmpty();
        assertDefaultInvariant(ws, BETA, connections.connections(ws, BETA));
    }
}
