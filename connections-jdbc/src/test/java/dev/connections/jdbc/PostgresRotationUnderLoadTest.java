package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.NewConnection;
import dev.connections.crypto.KeyRing;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import dev.connections.tck.RotationWorkload;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    private RotationWorkload load;

    @AfterEach
    void drop() {
        TestDatabase.POSTGRESQL.drop(jdbc);
    }

    @Test
    @DisplayName("a 100,000-secret rotation under concurrent resolves and key replacements loses nothing")
    void rotationUnderConcurrentResolvesAndEditsLosesNothing() throws Exception {
        jdbc = TestDatabase.POSTGRESQL.fresh();
        connections = ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyProvider(keys::get)
                .keyUsageCounter(jdbc.keyUsageCounter())
                .catalog(new TestCatalog())
                .build();
        load = new RotationWorkload(connections, TestCatalog.ONE, WORKSPACES, PER_WORKSPACE);

        long loadStart = System.nanoTime();
        for (int w = 0; w < WORKSPACES; w++) {
            List<NewConnection> items = new ArrayList<>(PER_WORKSPACE);
            for (int j = 0; j < PER_WORKSPACE; j++) {
                items.add(new NewConnection(
                        TestCatalog.ONE, "conn-" + j, Secret.of(RotationWorkload.key(w * PER_WORKSPACE + j, 0))));
            }
            load.added(w * PER_WORKSPACE, connections.importConnections(RotationWorkload.workspace(w), items));
        }
        long loadMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loadStart);
        assertThat(rowCount(jdbc.tables().secrets())).isEqualTo(SECRETS);
        assertThat(keyIdCounts()).containsExactly(Map.entry("k1", (long) SECRETS));

        keys.set(keys.get().withNewPrimary("k2", aesKey()));
        connections.encryptionKeys().reload();

        AtomicBoolean done = new AtomicBoolean();
        Thread resolver = new Thread(() -> load.resolveUntil(done), "resolver");
        Thread editor = new Thread(() -> load.editUntil(done), "editor");
        resolver.start();
        editor.start();
        List<Long> doneCounts = new ArrayList<>();
        RotationResult result;
        long rotationStart = System.nanoTime();
        try {
            result = connections
                    .encryptionKeys()
                    .rotation()
                    .batchSize(BATCH)
                    .onProgress(p -> {
                        doneCounts.add(p.done());
                        load.awaitOperations(OPS_PER_BATCH);
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
                load.resolves(),
                load.edits());

        assertThat(load.failures()).isEmpty();
        assertThat(load.resolves()).isGreaterThanOrEqualTo((long) OPS_PER_BATCH / 2 * (SECRETS / BATCH));
        assertThat(load.edits()).isGreaterThanOrEqualTo((long) OPS_PER_BATCH / 2 * (SECRETS / BATCH));
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
            Connection c = load.connection(i);
            String actual = withoutK1.resolve(c.workspace(), c.id()).withKey(Secret::reveal);
            if (!actual.equals(load.newestKey(i))) {
                load.fail("connection " + i + " does not resolve to its newest key");
            }
        }
        LOG.info(
                "Resolved all {} connections under k2 alone in {} ms",
                SECRETS,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkStart));
        assertThat(load.failures()).isEmpty();
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

    private static byte[] aesKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }
}
