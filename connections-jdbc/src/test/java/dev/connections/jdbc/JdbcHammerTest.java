package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Many writers at once through the facade: afterwards plain SQL must show exactly one default per app with
 * connections, every connection with its secret, and counts matching the operations that succeeded.
 */
@AcrossDatabases.AndDrivers
class JdbcHammerTest implements AcrossDatabases.OnDatabase {
    private static final int THREADS = 8;
    private static final int OPS_PER_THREAD = 500;
    private static final List<IntegrationId> APPS = List.of(TestCatalog.ONE, TestCatalog.TWO, TestCatalog.THREE);

    private JdbcConnections jdbc;
    private Connections connections;
    private final List<WorkspaceId> workspaces =
            List.of(WorkspaceId.of("hammer-a-" + UUID.randomUUID()), WorkspaceId.of("hammer-b-" + UUID.randomUUID()));
    private final Map<String, AtomicInteger> expected = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @BeforeEach
    void setUp() {
        jdbc = database().fresh();
        connections = JdbcAdapterTest.facade(jdbc);
    }

    @AfterEach
    void tearDown() {
        database().drop(jdbc);
    }

    @Test
    @DisplayName("8 threads x 500 random operations on 2 workspaces x 3 apps keep every invariant")
    void randomOperations() throws Exception {
        runThreads(THREADS, thread -> {
            Random random = new Random(thread * 7919L);
            for (int i = 0; i < OPS_PER_THREAD; i++) {
                WorkspaceId ws = workspaces.get(random.nextInt(workspaces.size()));
                IntegrationId app = APPS.get(random.nextInt(APPS.size()));
                randomOperation(random, ws, app);
            }
        });
        assertInvariants();
        assertThat(outcomes.get("add").get()).isPositive();
        assertThat(outcomes.get("delete").get()).isPositive();
        assertThat(outcomes.get("setDefault").get()).isPositive();
    }

    @Test
    @DisplayName("races: two setDefault, setDefault against deleting the default, two first adds to an empty app")
    void targetedRaces() throws Exception {
        WorkspaceId ws = workspaces.get(0);
        for (int round = 0; round < 30; round++) {
            IntegrationId app = APPS.get(round % APPS.size());
            // Two "first connection" adds to an empty app.
            clear(ws, app);
            CyclicBarrier start = new CyclicBarrier(2);
            runThreads(2, t -> {
                await(start);
                attempt("add", ws, app, () -> connections.addConnection(ws, app, "First " + t, key()));
            });
            assertThat(connections.connections(ws, app))
                    .filteredOn(Connection::isDefault)
                    .hasSize(1);

            Connection a = connections.connections(ws, app).get(0);
            Connection b = connections.connections(ws, app).get(1);
            Connection c = connections.addConnection(ws, app, "Third " + round, key());
            count("add", ws, app, +1);
            // Two setDefault calls at once.
            CyclicBarrier both = new CyclicBarrier(2);
            runThreads(2, t -> {
                await(both);
                connections.setDefault(ws, t == 0 ? b.id() : c.id());
            });
            assertThat(connections.connections(ws, app))
                    .filteredOn(Connection::isDefault)
                    .hasSize(1);

            // setDefault of one connection against deleting the current default.
            Connection current = connections.resolveDefault(ws, app).connection();
            Connection other = current.id().equals(a.id()) ? b : a;
            CyclicBarrier race = new CyclicBarrier(2);
            runThreads(2, t -> {
                await(race);
                if (t == 0) {
                    attempt("delete", ws, app, () -> {
                        connections.deleteConnection(ws, current.id(), current.version());
                        return null;
                    });
                } else {
                    attempt("setDefault", ws, app, () -> connections.setDefault(ws, other.id()));
                }
            });
            assertThat(connections.connections(ws, app))
                    .filteredOn(Connection::isDefault)
                    .hasSize(1);
        }
        assertInvariants();
    }

    private void randomOperation(Random random, WorkspaceId ws, IntegrationId app) {
        List<Connection> existing = connections.connections(ws, app);
        Connection target = existing.isEmpty() ? null : existing.get(random.nextInt(existing.size()));
        int choice = random.nextInt(10);
        if (target == null || choice < 3) {
            // A small name pool makes duplicate-name races common.
            attempt("add", ws, app, () -> connections.addConnection(ws, app, "Key " + random.nextInt(6), key()));
        } else if (choice < 5) {
            attempt("setDefault", ws, app, () -> connections.setDefault(ws, target.id()));
        } else if (choice < 7) {
            attempt("delete", ws, app, () -> {
                connections.deleteConnection(ws, target.id(), target.version());
                return null;
            });
        } else if (choice < 8) {
            attempt(
                    "edit",
                    ws,
                    app,
                    () -> connections.editConnection(
                            ws, target.id(), ConnectionEdit.of(target.version(), "Key " + random.nextInt(6), key())));
        } else {
            attempt("resolve", ws, app, () -> connections
                    .resolveDefault(ws, app)
                    .withKey(Secret::length));
        }
    }

    /** Runs one operation; only the documented, expected refusals are tolerated. */
    private void attempt(String op, WorkspaceId ws, IntegrationId app, java.util.concurrent.Callable<?> call) {
        try {
            call.call();
            outcomes.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
            if (op.equals("add")) {
                count(op, ws, app, +1);
            } else if (op.equals("delete")) {
                count(op, ws, app, -1);
            }
        } catch (ConnectionValidationException
                | StaleConnectionException
                | ConnectionNotFoundException
                | NoConnectionException expectedRefusal) {
            outcomes.computeIfAbsent(op + " refused", k -> new AtomicInteger()).incrementAndGet();
        } catch (Exception e) {
            throw new AssertionError(op + " failed unexpectedly", e);
        }
    }

    private void count(String op, WorkspaceId ws, IntegrationId app, int delta) {
        expected.computeIfAbsent(ws.value() + "/" + app.value(), k -> new AtomicInteger())
                .addAndGet(delta);
    }

    private void clear(WorkspaceId ws, IntegrationId app) {
        for (Connection c : connections.connections(ws, app)) {
            connections.deleteConnection(
                    ws, c.id(), connections.connection(ws, c.id()).orElseThrow().version());
            count("delete", ws, app, -1);
        }
    }

    private void assertInvariants() {
        for (WorkspaceId ws : workspaces) {
            DatabaseState state = DatabaseState.read(database().dataSource(), jdbc.tables(), ws);
            assertThat(state.consistent())
                    .as("one default per app, secrets match connections: %s", state)
                    .isTrue();
            for (IntegrationId app : APPS) {
                int want = expected.getOrDefault(ws.value() + "/" + app.value(), new AtomicInteger())
                        .get();
                assertThat(state.connectionsPerApp().getOrDefault(app.value(), 0))
                        .as("connections of %s in %s", app, ws)
                        .isEqualTo(want);
            }
        }
    }

    private static Secret key() {
        return Secret.of("hammer-" + UUID.randomUUID());
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @FunctionalInterface
    interface ThreadBody {
        void run(int thread) throws Exception;
    }

    private static void runThreads(int threads, ThreadBody body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    body.run(thread);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
