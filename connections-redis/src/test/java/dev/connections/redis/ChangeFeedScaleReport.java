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
import io.lettuce.core.RedisClient;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a test: N host instances on one PostgreSQL (a HikariCP pool of 2 each, a facade and a
 * feed each) under each feed, reporting the database backends they hold, the pool connections left for the
 * host's own work, broker connections, convergence and the writer's latency. Prints a Markdown table for
 * docs/CACHING.md. Runs only when {@code CONNECTIONS_SCALE_REPORT} lists instance counts (e.g. {@code 2,10});
 * needs CONNECTIONS_TEST_POSTGRES_URL and CONNECTIONS_TEST_REDIS_URL.
 */
class ChangeFeedScaleReport {
    private static final int POOL_SIZE = 2;
    private static final int WRITES = 60;
    private static final int CHECKERS = 5;

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
            double convergeP50Ms,
            double convergeP99Ms,
            double convergeMaxMs,
            double writeP50Ms,
            double writeP99Ms) {}

    @Test
    void report() throws Exception {
        String counts = System.getenv("CONNECTIONS_SCALE_REPORT");
        Assumptions.assumeTrue(
                counts != null && !counts.isBlank(),
                "Skipped: a measurement, not a test; set CONNECTIONS_SCALE_REPORT=2,10 (instance counts) to run it");
        String pgUrl = System.getenv("CONNECTIONS_TEST_POSTGRES_URL");
        assertThat(pgUrl).as("CONNECTIONS_TEST_POSTGRES_URL").isNotBlank();
        String redisUrl = RedisServer.url();
        List<Row> rows = new ArrayList<>();
        for (String n : counts.split(",")) {
            for (Mode mode : Mode.values()) {
                rows.add(run(Integer.parseInt(n.trim()), mode, pgUrl, redisUrl));
            }
        }
        StringBuilder table = new StringBuilder(
                "| Instances | Feed | PostgreSQL backends | Pool connections left per instance | Redis connections |"
                        + " Convergence p50 / p99 / max (ms) | setDefault p50 / p99 (ms) |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            table.append(String.format(
                    "| %d | %s | %d | %d of %d | %d | %.1f / %.1f / %.1f | %.1f / %.1f |%n",
                    r.instances(),
                    r.mode().name().toLowerCase().replace('_', '-'),
                    r.backends(),
                    r.poolConnectionsForHost(),
                    POOL_SIZE,
                    r.brokerConnections(),
                    r.convergeP50Ms(),
                    r.convergeP99Ms(),
                    r.convergeMaxMs(),
                    r.writeP50Ms(),
                    r.writeP99Ms()));
        }
        System.out.println("\n" + table);
    }

    private Row run(int n, Mode mode, String pgUrl, String redisUrl) throws Exception {
        String tag = "scale" + UUID.randomUUID().toString().substring(0, 8);
        String prefix = tag + "_";
        List<HikariDataSource> pools = new ArrayList<>();
        List<RedisClient> clients = new ArrayList<>();
        List<Connections> facades = new ArrayList<>();
        List<ChangeFeed> feeds = new ArrayList<>();
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
                ChangeFeed feed =
                        switch (mode) {
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
            for (ChangeFeed feed : feeds) {
                boolean ready = feed instanceof PostgresChangeFeed pg
                        ? pg.awaitListening(Duration.ofSeconds(30))
                        : ((RedisChangeFeed) feed).awaitSubscribed(Duration.ofSeconds(30));
                assertThat(ready).as("every feed ready").isTrue();
            }
            WorkspaceId ws = WorkspaceId.of("scale-" + UUID.randomUUID());
            Connections writer = facades.get(0);
            Connection one = writer.addConnection(ws, TckCatalog.ALPHA, "One", Secret.of("sk-scale-one-0123456789"));
            Connection two = writer.addConnection(ws, TckCatalog.ALPHA, "Two", Secret.of("sk-scale-two-0123456789"));
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
            int backends = backends(pools.get(0), tag);
            int held = mode == Mode.POSTGRES_LISTENER_IN_POOL ? 1 : 0;
            long broker = mode == Mode.REDIS ? RedisServer.clientsNamed(clients.get(0), tag) : 0;
            return new Row(
                    n,
                    mode,
                    backends,
                    POOL_SIZE - held,
                    broker,
                    ms(percentile(converge, c, 50)),
                    ms(percentile(converge, c, 99)),
                    ms(percentile(converge, c, 100)),
                    ms(percentile(writes, WRITES, 50)),
                    ms(percentile(writes, WRITES, 99)));
        } finally {
            facades.forEach(Connections::close);
            feeds.forEach(ChangeFeed::close);
            if (first != null) {
                drop(pools.get(0), first);
            }
            pools.forEach(HikariDataSource::close);
            clients.forEach(RedisClient::shutdown);
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
