package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.SecretIntegrityException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.TckData;
import java.io.PrintWriter;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two host instances (each its own pool, adapter, facade and change feed) over one database, 8 threads
 * of random writes and reads for {@code -Dconnections.killTest.seconds} (default 20) while another
 * connection kills the sessions every 2 s. Every acknowledged write is kept in a model; at the end one
 * line of counts is printed and every count but the operations must be 0.
 *
 * <p>By default the killer ends every session the two instances opened (feeds included), so other test
 * runs sharing the database are left alone; {@code -Dconnections.killTest.killAll=true} ends every other
 * session of the database, as the issue describes.
 */
abstract class JdbcKillTest {
    private static final int THREADS = 8;
    private static final Duration KILL_EVERY = Duration.ofSeconds(2);
    private static final KeyRing KEYS =
            KeyRing.builder().primary("kill-test", new byte[32]).build();
    private static final List<IntegrationId> APPS = List.of(TestCatalog.ONE, TestCatalog.TWO, TestCatalog.THREE);

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Set<Long> sessions = ConcurrentHashMap.newKeySet();
    private @Nullable JdbcConnections schemaOwner;
    private @Nullable HikariDataSource adminPool;

    abstract TestDatabase database();

    /** The query that returns the current session's id (pid, connection id). */
    abstract String sessionIdQuery();

    /** Ends the given sessions, or every other session of the database when {@code all}; returns how many. */
    abstract int kill(java.sql.Connection admin, Set<Long> sessions, boolean all) throws SQLException;

    /** The change feed of one instance. */
    abstract ChangeFeed feed(DataSource pool, String prefix, String instance);

    /** Adapter settings of each instance (retry budget); the default changes nothing. */
    JdbcConnections.Builder configure(JdbcConnections.Builder builder) {
        return builder;
    }

    /** One simulated host instance. */
    private record Instance(String name, Connections facade) {}

    /** What acknowledged writes say about one connection; versions order them. */
    private static final class Known {
        final WorkspaceId ws;
        final IntegrationId app;
        long version;
        String name;
        String key;
        long keyVersion;
        long nameVersion;
        boolean deleted;
        boolean uncertain;

        Known(Connection c, String key) {
            this.ws = c.workspace();
            this.app = c.integration();
            this.version = c.version();
            this.name = c.name();
            this.key = key;
            this.keyVersion = c.version();
            this.nameVersion = c.version();
        }
    }

    private final Map<ConnectionId, Known> model = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong withoutKey = new AtomicLong();
    private final AtomicLong invariantViolations = new AtomicLong();
    private final AtomicLong failedReads = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong missingEffects = new AtomicLong();
    private final AtomicLong kills = new AtomicLong();
    private final AtomicLong orphansSwept = new AtomicLong();
    private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

    @AfterEach
    void shutDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // Best effort: the database may have just killed it.
            }
        }
        if (schemaOwner != null && adminPool != null) {
            database().drop(schemaOwner);
        }
    }

    @Test
    void noKeyLostAndNoFailureWhileSessionsAreKilled() throws Exception {
        DataSource shared = database().dataSource();
        String url = ((HikariDataSource) shared).getJdbcUrl();
        adminPool = (HikariDataSource) shared;
        String prefix = TestDatabase.randomPrefix();
        schemaOwner = JdbcConnections.builder(shared).tablePrefix(prefix).build();
        schemaOwner.schema().migrate();

        List<Instance> instances = List.of(instance(url, prefix, "a"), instance(url, prefix, "b"));
        List<WorkspaceId> workspaces = List.of(
                WorkspaceId.of("kill-" + prefix + "1"),
                WorkspaceId.of("kill-" + prefix + "2"),
                WorkspaceId.of("kill-" + prefix + "3"));
        long seconds = Long.getLong("connections.killTest.seconds", 20);
        boolean killAll = Boolean.getBoolean("connections.killTest.killAll");

        java.sql.Connection admin = DriverManager.getConnection(url);
        ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
        ScheduledFuture<?> killing = killer.scheduleWithFixedDelay(
                () -> {
                    try {
                        kills.addAndGet(kill(admin, Set.copyOf(sessions), killAll));
                    } catch (SQLException e) {
                        throw new IllegalStateException("The killer's session failed", e);
                    }
                },
                KILL_EVERY.toMillis(),
                KILL_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        for (int t = 0; t < THREADS; t++) {
            Instance instance = instances.get(t % instances.size());
            futures.add(pool.submit(() -> {
                while (System.nanoTime() - end < 0) {
                    step(instance.facade(), workspaces);
                }
                return null;
            }));
        }
        for (Future<?> worker : futures) {
            worker.get(seconds + 120, TimeUnit.SECONDS);
        }
        if (killing.isDone()) {
            killing.get(); // the killer stopped early: its failure
        }
        killing.cancel(false);
        killer.shutdown();
        assertThat(killer.awaitTermination(30, TimeUnit.SECONDS))
                .as("killer stopped")
                .isTrue();
        admin.close();
        pool.shutdown();

        // Read the end state through a fresh, healthy facade.
        try (Connections healthy = facade(schemaOwner, null)) {
            verifyEnd(healthy, workspaces);
        }
        String line = String.format(
                "kill test %s: %d operations, %d sessions killed, %d connections without their key, %d invariant"
                        + " violations, %d failed reads, %d failed writes, %d acknowledged writes whose effect is"
                        + " missing (%d orphaned keys swept at the end)",
                database().name(),
                operations.get(),
                kills.get(),
                withoutKey.get(),
                invariantViolations.get(),
                failedReads.get(),
                failedWrites.get(),
                missingEffects.get(),
                orphansSwept.get());
        System.out.println(line);
        if (!failures.isEmpty()) {
            System.out.println("kill test " + database().name() + " failures by kind: " + failures);
        }
        assertThat(operations.get()).as(line).isPositive();
        assertThat(List.of(
                        withoutKey.get(),
                        invariantViolations.get(),
                        failedReads.get(),
                        failedWrites.get(),
                        missingEffects.get()))
                .as(line + "; failures by kind: " + failures)
                .containsOnly(0L);
    }

    // ---- the workload ------------------------------------------------------------------------------------------

    private void step(Connections c, List<WorkspaceId> workspaces) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        WorkspaceId ws = workspaces.get(random.nextInt(workspaces.size()));
        IntegrationId app = APPS.get(random.nextInt(APPS.size()));
        operations.incrementAndGet();
        int dice = random.nextInt(100);
        if (dice < 50) {
            read(c, ws, app, dice);
        } else {
            write(c, ws, app, dice);
        }
    }

    private void read(Connections c, WorkspaceId ws, IntegrationId app, int dice) {
        try {
            if (dice < 10) {
                c.connectedApps(ws);
            } else if (dice < 20) {
                List<Connection> list = c.connections(ws, app);
                long defaults = list.stream().filter(Connection::isDefault).count();
                if (!list.isEmpty() && defaults != 1) {
                    invariantViolations.incrementAndGet();
                    failures.computeIfAbsent("listed " + defaults + " defaults", k -> new AtomicLong())
                            .incrementAndGet();
                }
            } else if (dice < 35) {
                try {
                    c.resolveDefault(ws, app).withKey(Secret::reveal);
                } catch (NoConnectionException e) {
                    // The app has no connection now.
                }
            } else {
                Optional<ConnectionId> id = someConnection(ws);
                if (id.isEmpty()) {
                    return;
                }
                if (dice < 42) {
                    c.connection(ws, id.get());
                } else {
                    c.resolve(ws, id.get()).withKey(Secret::reveal);
                }
            }
        } catch (ConnectionNotFoundException e) {
            // Deleted meanwhile.
        } catch (RuntimeException e) {
            failedReads.incrementAndGet();
            count("read", e);
        }
    }

    private void write(Connections c, WorkspaceId ws, IntegrationId app, int dice) {
        Optional<ConnectionId> id = someConnection(ws);
        try {
            if (dice < 65 || id.isEmpty()) {
                String key = TckData.recognisableKey("kt-");
                Connection created = c.addConnection(
                        ws,
                        app,
                        "c-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                        Secret.of(key));
                model.put(created.id(), new Known(created, key));
                return;
            }
            Known known = model.get(id.get());
            Connection current = c.connection(ws, id.get()).orElse(null);
            if (current == null) {
                return;
            }
            if (dice < 75) {
                String key = TckData.recognisableKey("kt-");
                Connection updated = c.editConnection(
                        ws, current.id(), ConnectionEdit.replaceApiKey(current.version(), Secret.of(key)));
                acknowledge(known, updated, null, key);
            } else if (dice < 82) {
                String name =
                        "r-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
                Connection updated = c.editConnection(ws, current.id(), ConnectionEdit.rename(current.version(), name));
                acknowledge(known, updated, name, null);
            } else if (dice < 92) {
                Connection updated = c.setDefault(ws, current.id());
                acknowledge(known, updated, null, null);
            } else {
                c.deleteConnection(ws, current.id(), current.version());
                synchronized (known) {
                    known.deleted = true;
                }
            }
        } catch (StaleConnectionException | ConnectionNotFoundException | ConnectionValidationException e) {
            // Lost a race with another thread: a legal answer that changes nothing.
        } catch (RuntimeException e) {
            failedWrites.incrementAndGet();
            count("write", e);
            id.map(model::get).ifPresent(k -> {
                synchronized (k) {
                    k.uncertain = true;
                }
            });
        }
    }

    private void acknowledge(Known known, Connection updated, @Nullable String name, @Nullable String key) {
        synchronized (known) {
            known.version = Math.max(known.version, updated.version());
            if (name != null && updated.version() > known.nameVersion) {
                known.name = name;
                known.nameVersion = updated.version();
            }
            if (key != null && updated.version() > known.keyVersion) {
                known.key = key;
                known.keyVersion = updated.version();
            }
        }
    }

    private Optional<ConnectionId> someConnection(WorkspaceId ws) {
        List<ConnectionId> ids = model.entrySet().stream()
                .filter(e -> e.getValue().ws.equals(ws) && !e.getValue().deleted)
                .map(Map.Entry::getKey)
                .toList();
        return ids.isEmpty()
                ? Optional.empty()
                : Optional.of(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    }

    private void count(String kind, RuntimeException e) {
        failures.computeIfAbsent(
                        kind + ": " + e.getClass().getSimpleName() + " \"" + e.getMessage() + "\"",
                        k -> new AtomicLong())
                .incrementAndGet();
    }

    // ---- the end state -----------------------------------------------------------------------------------------

    private void verifyEnd(Connections healthy, List<WorkspaceId> workspaces) {
        int stored = 0;
        for (WorkspaceId ws : workspaces) {
            for (IntegrationId app : APPS) {
                List<Connection> list = healthy.connections(ws, app);
                stored += list.size();
                long defaults = list.stream().filter(Connection::isDefault).count();
                if (!list.isEmpty() && defaults != 1) {
                    invariantViolations.incrementAndGet();
                    failures.computeIfAbsent("end: " + defaults + " defaults", k -> new AtomicLong())
                            .incrementAndGet();
                }
                for (Connection c : list) {
                    try {
                        healthy.resolve(ws, c.id()).withKey(Secret::reveal);
                    } catch (SecretIntegrityException e) {
                        withoutKey.incrementAndGet();
                    }
                }
            }
        }
        for (Map.Entry<ConnectionId, Known> entry : model.entrySet()) {
            Known known = entry.getValue();
            if (known.uncertain) {
                continue;
            }
            Optional<Connection> now = healthy.connection(known.ws, entry.getKey());
            if (known.deleted) {
                if (now.isPresent()) {
                    missing("a deleted connection is still there");
                }
                continue;
            }
            if (now.isEmpty()) {
                missing("an added connection is gone");
                continue;
            }
            if (now.get().version() < known.version) {
                missing("a connection is older than an acknowledged write");
            }
            if (!now.get().name().equals(known.name) && now.get().version() == known.nameVersion) {
                missing("a rename is lost");
            }
            try {
                String key = healthy.resolve(known.ws, entry.getKey()).withKey(Secret::reveal);
                if (!key.equals(known.key)) {
                    missing("a connection does not hold its last acknowledged key");
                }
            } catch (SecretIntegrityException e) {
                // Counted above.
            }
        }
        long swept = healthy.maintenance().sweepOrphanedSecrets(Duration.ZERO);
        orphansSwept.set(swept);
        long secrets = 0;
        for (WorkspaceId ws : workspaces) {
            secrets += schemaOwner.secretStore().scan(null, 100_000).stream()
                    .filter(s -> s.binding().workspace().equals(ws))
                    .count();
        }
        if (secrets != stored) {
            invariantViolations.incrementAndGet();
            failures.computeIfAbsent(
                            "end: " + secrets + " secrets for " + stored + " connections after sweeping orphans",
                            k -> new AtomicLong())
                    .incrementAndGet();
        }
    }

    private void missing(String what) {
        missingEffects.incrementAndGet();
        failures.computeIfAbsent("end: " + what, k -> new AtomicLong()).incrementAndGet();
    }

    // ---- wiring ------------------------------------------------------------------------------------------------

    private Instance instance(String url, String prefix, String name) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new SessionRecordingDataSource(url));
        config.setMaximumPoolSize(5);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(3_000);
        config.setValidationTimeout(1_000);
        config.setPoolName("kill-test-" + name);
        HikariDataSource pool = new HikariDataSource(config);
        closing.add(pool);
        JdbcConnections jdbc = configure(JdbcConnections.builder(pool).tablePrefix(prefix))
                .dialect(schemaOwner.dialect())
                .build();
        ChangeFeed feed = feed(pool, prefix, name);
        Connections facade = facade(jdbc, feed);
        closing.add(facade);
        return new Instance(name, facade);
    }

    private static Connections facade(JdbcConnections jdbc, @Nullable ChangeFeed feed) {
        var builder = ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyRing(KEYS)
                .catalog(new TestCatalog());
        if (feed != null) {
            builder.changeFeed(feed);
        }
        return builder.build();
    }

    /** Opens connections from the URL and remembers each one's session id, so the killer can find them. */
    private final class SessionRecordingDataSource implements DataSource {
        private final String url;

        SessionRecordingDataSource(String url) {
            this.url = url;
        }

        @Override
        public java.sql.Connection getConnection() throws SQLException {
            java.sql.Connection c = DriverManager.getConnection(url);
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sessionIdQuery())) {
                rs.next();
                sessions.add(rs.getLong(1));
            }
            return c;
        }

        @Override
        public java.sql.Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("Not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
