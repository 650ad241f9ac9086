package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.NewConnection;
import dev.connections.crypto.KeyRing;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 13 on a real database: rotation over 100,000 secrets while one thread resolves and another
 * replaces keys. Afterwards every secret row is under the new primary, every resolve along the way returned
 * its own connection's key, and every connection resolves to its newest key.
 */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresRotationUnderLoadTest {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresRotationUnderLoadTest.class);
    private static final int WORKSPACES = 100;
    private static final int PER_WORKSPACE = 1_000;
    private static final int SECRETS = WORKSPACES * PER_WORKSPACE;
    private static final int BATCH = 500;
    /** Operations each batch boundary waits for, so reads and writes really interleave with the walk. */
    private static final int OPS_PER_BATCH = 20;

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // The test logback config is WARN; this class's figures are what the test is for.
        ((ch.qos.logback.classic.Logger) LOG).setLevel(Level.INFO);
    }

    private final AtomicReference<KeyRing> keys =
            new AtomicReference<>(KeyRing.builder().primary("k1", aesKey()).build());
    private JdbcConnections jdbc;
    private Connections connections;

    // Connection i: its current version and the generation of its key ("key-<i>-<generation>"); only the
    // editor writes.
    private final AtomicReferenceArray<Connection> conns = new AtomicReferenceArray<>(SECRETS);
    private final AtomicIntegerArray generation = new AtomicIntegerArray(SECRETS);
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLong resolves = new AtomicLong();
    private final AtomicLong edits = new AtomicLong();

    @AfterEach
    void drop() {
        TestDatabase.POSTGRESQL.drop(jdbc);
    }

    @Test
    @DisplayName("a 100,000-secret rotation under concurrent resolves and key replacements loses nothing")
    void rotationUnderConcurrentResolvesAndEditsLosesNothing() throws Exception {
        jdbc = TestDatabase.POSTGRESQL.fresh();
        connections = Connections.builder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyProvider(keys::get)
                .keyUsageCounter(jdbc.keyUsageCounter())
                .catalog(new TestCatalog())
                .build();

        long loadStart = System.nanoTime();
        for (int w = 0; w < WORKSPACES; w++) {
            List<NewConnection> items = new ArrayList<>(PER_WORKSPACE);
            for (int j = 0; j < PER_WORKSPACE; j++) {
                items.add(new NewConnection(TestCatalog.ONE, "conn-" + j, Secret.of(key(w * PER_WORKSPACE + j, 0))));
            }
            List<Connection> imported = connections.importConnections(workspace(w), items);
            for (int j = 0; j < PER_WORKSPACE; j++) {
                conns.set(w * PER_WORKSPACE + j, imported.get(j));
            }
        }
        long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);
        assertThat(rowCount(jdbc.tables().secrets())).isEqualTo(SECRETS);
        assertThat(keyIdCounts()).containsExactly(Map.entry("k1", (long) SECRETS));

        keys.set(keys.get().withNewPrimary("k2", aesKey()));
        connections.reloadKeys();

        AtomicBoolean done = new AtomicBoolean();
        Thread resolver = new Thread(() -> resolveUntil(done), "resolver");
        Thread editor = new Thread(() -> editUntil(done), "editor");
        resolver.start();
        editor.start();
        List<Long> doneCounts = new ArrayList<>();
        RotationResult result;
        long rotationStart = System.nanoTime();
        try {
            result = connections
                    .keyRotation()
                    .batchSize(BATCH)
                    .onProgress(p -> {
                        doneCounts.add(p.done());
                        awaitOperations(OPS_PER_BATCH);
                    })
                    .build()
                    .run();
        } finally {
            done.set(true);
            resolver.join(TimeUnit.MINUTES.toMillis(1));
            editor.join(TimeUnit.MINUTES.toMillis(1));
        }
        long rotationMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - rotationStart));
        LOG.info(
                "Loaded {} secrets in {} ms; rotation of {} examined ({} re-encrypted, {} changed concurrently) took"
                        + " {} ms, {} secrets/s, alongside {} resolves and {} key replacements",
                SECRETS,
                loadMillis,
                result.examined(),
                result.reencrypted(),
                result.changedConcurrently(),
                rotationMillis,
                result.examined() * 1000 / rotationMillis,
                resolves.get(),
                edits.get());

        assertThat(failures).isEmpty();
        assertThat(resolves.get()).isGreaterThanOrEqualTo((long) OPS_PER_BATCH / 2 * (SECRETS / BATCH));
        assertThat(edits.get()).isGreaterThanOrEqualTo((long) OPS_PER_BATCH / 2 * (SECRETS / BATCH));
        assertThat(doneCounts).isSorted().hasSizeGreaterThanOrEqualTo(SECRETS / BATCH);
        assertThat(result.status()).isEqualTo(RotationResult.Status.COMPLETED);
        assertThat(result.failed()).isZero();
        assertThat(result.reencrypted() + result.changedConcurrently()).isLessThanOrEqualTo(result.examined());

        assertThat(keyIdCounts()).containsExactly(Map.entry("k2", (long) SECRETS));
        assertThat(rowCount(jdbc.tables().connections())).isEqualTo(SECRETS);
        assertThat(rowCount(jdbc.tables().secrets()))
                .as("edits destroy the replaced secret, so there is one secret per connection")
                .isEqualTo(SECRETS);

        // The old key can go: every connection still resolves, from the database, to its newest key.
        Connections withoutK1 = JdbcAdapterTest.facade(jdbc, keys.get().without("k1"));
        long checkStart = System.nanoTime();
        for (int i = 0; i < SECRETS; i++) {
            Connection c = conns.get(i);
            String actual = withoutK1.resolve(c.workspace(), c.id()).withKey(Secret::reveal);
            if (!actual.equals(key(i, generation.get(i)))) {
                failures.add("connection " + i + " does not resolve to its newest key");
            }
        }
        LOG.info(
                "Resolved all {} connections under k2 alone in {} ms",
                SECRETS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkStart));
        assertThat(failures).isEmpty();
    }

    private void resolveUntil(AtomicBoolean done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get() && failures.size() < 10) {
            int i = pick(random);
            Connection c = conns.get(i);
            int before = generation.get(i);
            try {
                // The first connection of each workspace is its default: exercise the cached path too.
                String actual = i % PER_WORKSPACE == 0 && random.nextBoolean()
                        ? connections
                                .resolveDefault(c.workspace(), TestCatalog.ONE)
                                .withKey(Secret::reveal)
                        : connections.resolve(c.workspace(), c.id()).withKey(Secret::reveal);
                int after = generation.get(i);
                String prefix = "key-" + i + "-";
                if (!actual.startsWith(prefix)) {
                    failures.add("connection " + i + " resolved to another connection's key");
                } else {
                    int got = Integer.parseInt(actual.substring(prefix.length()));
                    // An edit may have committed but not yet been recorded: allow one generation ahead.
                    if (got < before || got > after + 1) {
                        failures.add("connection " + i + " resolved generation " + got + ", expected " + before + ".."
                                + (after + 1));
                    }
                }
            } catch (RuntimeException e) {
                failures.add("resolve " + i + ": " + e);
            }
            resolves.incrementAndGet();
        }
    }

    private void editUntil(AtomicBoolean done) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (!done.get() && failures.size() < 10) {
            int i = pick(random);
            Connection c = conns.get(i);
            int next = generation.get(i) + 1;
            try {
                Connection edited = connections.editConnection(
                        c.workspace(), c.id(), ConnectionEdit.replaceKey(c.version(), Secret.of(key(i, next))));
                conns.set(i, edited);
                generation.set(i, next);
            } catch (RuntimeException e) {
                failures.add("edit " + i + ": " + e);
            }
            edits.incrementAndGet();
        }
    }

    /** Called on the rotating thread between batches: lets both workers make progress first. */
    private void awaitOperations(int n) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long targetResolves = resolves.get() + n / 2;
        long targetEdits = edits.get() + n / 2;
        while ((resolves.get() < targetResolves || edits.get() < targetEdits) && failures.isEmpty()) {
            if (System.nanoTime() > deadline) {
                failures.add("workers made no progress during rotation");
                return;
            }
            Thread.onSpinWait();
        }
    }

    /** Secret rows per key id, counted in the table itself rather than through the adapter. */
    private Map<String, Long> keyIdCounts() throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        try (java.sql.Connection c = TestDatabase.POSTGRESQL.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT key_id, count(*) FROM " + jdbc.tables().secrets() + " GROUP BY key_id")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static long rowCount(String table) throws SQLException {
        try (java.sql.Connection c = TestDatabase.POSTGRESQL.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A third of the picks hit a default connection, so the cached resolveDefault path races with edits. */
    private static int pick(ThreadLocalRandom random) {
        return random.nextInt(3) == 0 ? random.nextInt(WORKSPACES) * PER_WORKSPACE : random.nextInt(SECRETS);
    }

    private static WorkspaceId workspace(int w) {
        return WorkspaceId.of("ws-" + w);
    }

    private static String key(int i, int generation) {
        return "key-" + i + "-" + generation;
    }

    private static byte[] aesKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
