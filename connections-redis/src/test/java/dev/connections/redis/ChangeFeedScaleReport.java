package dev.connections.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.error.NoConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.jdbc.feed.PostgresChangeFeed;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.TckCatalog;
import dev.connections.tck.TckConnections;
import dev.connections.tck.fault.PrivatePostgres;
import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test: N host instances on one PostgreSQL (a HikariCP pool of 2 each, a facade and a
 * feed each, and for Redis a Lettuce client each, as N hosts would have) under each feed, reporting the
 * database backends they hold, the pool connections left for the host's own work, broker connections, notices
 * per write, convergence and the writer's latency. Prints a Markdown table for docs/CACHING.md.
 *
 * <p>Runs only when {@code CONNECTIONS_SCALE_REPORT} lists instance counts (e.g. {@code 2,10,200}); needs
 * CONNECTIONS_TEST_REDIS_URL. With {@value PrivatePostgres#BIN_VARIABLE} set it starts a PostgreSQL cluster of
 * its own with room for every backend (three per instance at most), so the shared server's {@code
 * max_connections} neither limits it nor is exhausted for other builds; without it, it uses
 * CONNECTIONS_TEST_POSTGRES_URL. {@code CONNECTIONS_SCALE_REPORT_POSTGRES_MAX} caps the instance count at which
 * the PostgreSQL feeds are measured (Redis is measured at every count).
 */
class ChangeFeedScaleReport {
    private static final int POOL_SIZE = 2;
    private static final int WRITES = 60;
    private static final int CHECKERS = 5;
    /** Feed listener plus pool, per instance, at most; and room for an admin session. */
    private static final int BACKENDS_PER_INSTANCE = POOL_SIZE + 1;

    private static final int SPARE_BACKENDS = 50;

    /** The feeds compared. */
    enum Mode {
        /** PostgresChangeFeed listening on a connection of the host's pool: what the feed did before issue 26. */
        POSTGRES_LISTENER_IN_POOL,
        /** PostgresChangeFeed listening on a connection of its own. */
        POSTGRES_OWN_LISTENER,
        /** RedisChangeFeed: no database backend for the feed. */
        REDIS
    }

    record Row(
            int instances,
            Mode mode,
            int backends,
            int poolConnectionsForHost,
            long brokerConnections,
            double publishedPerWrite,
            double deliveredPerWrite,
            double convergeP50Ms,
            double convergeP99Ms,
            double convergeMaxMs,
            double writeP50Ms,
            double writeP99Ms,
            int threads,
            double loadAverage) {}

    @Test
    void report() throws Exception {
        String counts = System.getenv("CONNECTIONS_SCALE_REPORT");
        Assumptions.assumeTrue(
                counts != null && !counts.isBlank(),
                "Skipped: a measurement, not a test; set CONNECTIONS_SCALE_REPORT=2,10 (instance counts) to run it");
        String redisUrl = RedisServer.url();
        int[] sizes = Arrays.stream(counts.split(","))
                .mapToInt(n -> Integer.parseInt(n.trim()))
                .toArray();
        String cap = System.getenv("CONNECTIONS_SCALE_REPORT_POSTGRES_MAX");
        int postgresMax = cap == null || cap.isBlank() ? Integer.MAX_VALUE : Integer.parseInt(cap.trim());
        int largest = Arrays.stream(sizes).max().orElse(0);
        PrivatePostgres pg = PrivatePostgres.available()
                ? PrivatePostgres.start(largest * BACKENDS_PER_INSTANCE + SPARE_BACKENDS)
                : null;
        String pgUrl = pg != null ? pg.url() : System.getenv("CONNECTIONS_TEST_POSTGRES_URL");
        assertThat(pgUrl)
                .as("CONNECTIONS_TEST_POSTGRES_URL (or " + PrivatePostgres.BIN_VARIABLE + ")")
                .isNotBlank();
        List<Row> rows = new ArrayList<>();
        try {
            for (int n : sizes) {
                for (Mode mode : Mode.values()) {
                    if (mode == Mode.REDIS || n <= postgresMax) {
                        Row row = run(n, mode, pgUrl, redisUrl);
                        System.out.println(format(row));
                        rows.add(row);
                    }
                }
            }
        } finally {
            if (pg != null) {
                pg.close();
            }
        }
        StringBuilder table = new StringBuilder("| Instances | Feed | PostgreSQL backends | Pool connections left per"
                + " instance | Redis connections | Notices published / delivered per write |"
                + " Convergence p50 / p99 / max (ms) | setDefault p50 / p99 (ms) | JVM threads | Load (1 min) |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        rows.forEach(r -> table.append(format(r)).append('\n'));
        System.out.println("\nPostgreSQL: " + (pg != null ? "a private cluster" : "CONNECTIONS_TEST_POSTGRES_URL")
                + "; " + Runtime.getRuntime().availableProcessors() + " CPUs\n" + table);
    }

    private static String format(Row r) {
        return String.format(
                "| %d | %s | %d | %d of %d | %s | %.0f / %.0f | %.1f / %.1f / %.1f | %.1f / %.1f | %d | %.1f |",
                r.instances(),
                r.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                r.backends(),
                r.poolConnectionsForHost(),
                POOL_SIZE,
                r.mode() == Mode.REDIS ? Long.toString(r.brokerConnections()) : "—",
                r.publishedPerWrite(),
                r.deliveredPerWrite(),
                r.convergeP50Ms(),
                r.convergeP99Ms(),
                r.convergeMaxMs(),
                r.writeP50Ms(),
                r.writeP99Ms(),
                r.threads(),
                r.loadAverage());
    }

    private Row run(int n, Mode mode, String pgUrl, String redisUrl) throws Exception {
        String tag = "scale" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = tag + "_";
        List<HikariDataSource> pools = new ArrayList<>();
        List<RedisClient> clients = new ArrayList<>();
        List<Connections> facades = new ArrayList<>();
        List<CountingFeed> feeds = new ArrayList<>();
        JdbcConnections first = null;
        try {
            for (int i = 0; i < n; i++) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(pgUrl);
                config.setMaximumPoolSize(POOL_SIZE);
                config.setMinimumIdle(POOL_SIZE);
                config.setPoolName(tag + "-" + i);
                config.addDataSourceProperty("ApplicationName", tag + "-pool");
                HikariDataSource pool = new HikariDataSource(config);
                pools.add(pool);
                JdbcConnections jdbc =
                        JdbcConnections.builder(pool).tablePrefix(prefix).build();
                if (first == null) {
                    jdbc.schema().migrate();
                    first = jdbc;
                }
                CountingFeed feed = new CountingFeed(feed(mode, pool, prefix, tag, redisUrl, clients));
                feeds.add(feed);
                facades.add(ConnectionsBuilder.newBuilder()
                        .repository(jdbc.repository())
                        .secretStore(jdbc.secretStore())
                        .keyRing(TckConnections.KEY_RING)
                        .catalog(new TckCatalog())
                        .changeFeed(feed)
                        .cacheMaxStaleness(Duration.ofMinutes(10))
                        .build());
            }
            for (CountingFeed feed : feeds) {
                boolean ready = feed.delegate() instanceof PostgresChangeFeed pg
                        ? pg.awaitListening(Duration.ofSeconds(60))
                        : ((RedisChangeFeed) feed.delegate()).awaitSubscribed(Duration.ofSeconds(60));
                assertThat(ready).as("every feed ready").isTrue();
            }
            WorkspaceId ws = WorkspaceId.of("scale-" + UUID.randomUUID());
            Connections writer = facades.get(0);
            Connection one = writer.addConnection(ws, TckCatalog.ALPHA, "One", Secret.of("sk-scale-one-0123456789"));
            Connection two = writer.addConnection(ws, TckCatalog.ALPHA, "Two", Secret.of("sk-scale-two-0123456789"));
            long[] before = settledCounts(feeds);
            List<Connections> checkers = facades.subList(1, Math.min(n, CHECKERS + 1));
            long[] converge = new long[WRITES * checkers.size()];
            long[] writes = new long[WRITES];
            int c = 0;
            for (int w = 0; w < WRITES; w++) {
                ConnectionId target = (w % 2 == 0 ? two : one).id();
                for (Connections checker : checkers) {
                    defaultOn(checker, ws); // warm: the cache now holds the old default
                }
                long start = System.nanoTime();
                writer.setDefault(ws, target);
                writes[w] = System.nanoTime() - start;
                for (Connections checker : checkers) {
                    while (!target.equals(defaultOn(checker, ws))) {
                        Thread.onSpinWait();
                    }
                    converge[c++] = System.nanoTime() - start;
                }
                Thread.sleep(20);
            }
            long[] after = settledCounts(feeds);
            int backends = backends(pools.get(0), tag);
            int held = mode == Mode.POSTGRES_LISTENER_IN_POOL ? 1 : 0;
            long broker = mode == Mode.REDIS ? RedisServer.clientsNamed(clients.get(0), tag) : 0;
            return new Row(
                    n,
                    mode,
                    backends,
                    POOL_SIZE - held,
                    broker,
                    (after[0] - before[0]) / (double) WRITES,
                    (after[1] - before[1]) / (double) WRITES,
                    ms(percentile(converge, c, 50)),
                    ms(percentile(converge, c, 99)),
                    ms(percentile(converge, c, 100)),
                    ms(percentile(writes, WRITES, 50)),
                    ms(percentile(writes, WRITES, 99)),
                    Thread.getAllStackTraces().size(),
                    loadAverage());
        } finally {
            facades.forEach(Connections::close);
            feeds.forEach(ChangeFeed::close);
            if (first != null) {
                drop(pools.get(0), first);
            }
            pools.forEach(HikariDataSource::close);
            // In parallel: each client's shutdown waits out its event loops' quiet period.
            CompletableFuture.allOf(
                            clients.stream().map(RedisClient::shutdownAsync).toArray(CompletableFuture[]::new))
                    .join();
        }
    }

    /** One instance's feed of {@code mode}; a Redis one on a client of the instance's own, as a host has. */
    private static ChangeFeed feed(
            Mode mode, HikariDataSource pool, String prefix, String tag, String redisUrl, List<RedisClient> clients) {
        return switch (mode) {
            case POSTGRES_LISTENER_IN_POOL -> PostgresChangeFeed.builder(pool)
                    .tablePrefix(prefix)
                    .applicationName(tag + "-listener")
                    .listenerDataSource(pool)
                    .build();
            case POSTGRES_OWN_LISTENER -> PostgresChangeFeed.builder(pool)
                    .tablePrefix(prefix)
                    .applicationName(tag + "-listener")
                    .build();
            case REDIS -> {
                RedisClient client = RedisClient.create(redisUrl);
                clients.add(client);
                yield RedisChangeFeed.builder(client)
                        .channel(tag)
                        .clientName(tag)
                        .build();
            }
        };
    }

    /**
     * Notices published and delivered so far, summed over the instances, once every published notice has reached
     * every instance (or 30 s passed: a notice lost, which the counts then show).
     */
    private static long[] settledCounts(List<CountingFeed> feeds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            long published = feeds.stream().mapToLong(CountingFeed::published).sum();
            long delivered = feeds.stream().mapToLong(CountingFeed::delivered).sum();
            if (delivered >= published * feeds.size() || System.nanoTime() > deadline) {
                return new long[] {published, delivered};
            }
            Thread.sleep(10);
        }
    }

    /** The machine's 1-minute load average (Linux), or NaN elsewhere; java.management is not read by this module. */
    private static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static ConnectionId defaultOn(Connections instance, WorkspaceId ws) {
        try {
            return instance.resolveDefault(ws, TckCatalog.ALPHA).connection().id();
        } catch (NoConnectionException e) {
            return null;
        }
    }

    private static int backends(HikariDataSource pool, String tag) throws SQLException {
        try (java.sql.Connection c = pool.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE ?")) {
            ps.setString(1, tag + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void drop(HikariDataSource pool, JdbcConnections jdbc) throws SQLException {
        List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
        tables.add(jdbc.tables().schemaVersion());
        tables.add(jdbc.tables().schemaLock());
        try (java.sql.Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    private static long percentile(long[] values, int count, int p) {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
