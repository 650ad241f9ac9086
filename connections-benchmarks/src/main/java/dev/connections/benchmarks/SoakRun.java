package dev.connections.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.error.ConnectionsException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import java.lang.management.ManagementFactory;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A soak run, not a JMH benchmark: mixed load on PostgreSQL for {@code -Dsoak.minutes} (default 30) — resolves
 * with decryption on four threads, a writer (add, key replacement, rename, delete) and a lister — printing each
 * {@code -Dsoak.intervalSeconds} (default 60) the heap after a full GC, live threads, the pool's active and idle
 * connections, the cache's size and the interval's p99 resolve; at the end, whether those stayed flat.
 *
 * <pre>
 * mvn -q -B -pl connections-benchmarks -am package -DskipTests
 * CONNECTIONS_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' \
 *   java -Xmx512m -Dsoak.minutes=3 -cp connections-benchmarks/target/benchmarks.jar dev.connections.benchmarks.SoakRun
 * </pre>
 *
 * Exits with status 1 when the figures grew (heap after GC by more than 20% and 16 MB from the second interval
 * to the last, threads by more than 5, pool connections beyond the pool's size) or any operation failed.
 */
public final class SoakRun {
    private static final int WORKSPACES = 500;
    private static final int APPS = 4;
    private static final int RESOLVERS = 4;
    private static final int POOL_SIZE = 6;

    private final LatencyHistogram resolves = new LatencyHistogram();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final List<WorkspaceId> workspaces = new ArrayList<>();
    private final List<IntegrationId> apps = new ArrayList<>();

    private SoakRun() {}

    /** One row of the report. */
    private record Sample(
            int minute,
            long heapAfterGcBytes,
            int threads,
            int active,
            int idle,
            long cacheSize,
            double p99ResolveMillis,
            long operations,
            long writes) {}

    public static void main(String[] args) throws Exception {
        System.exit(new SoakRun().run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        String url = BenchDatabase.POSTGRESQL.url();
        if (url == null) {
            System.err.println(BenchDatabase.POSTGRESQL.howToEnable());
            return false;
        }
        double minutes = Double.parseDouble(System.getProperty("soak.minutes", "30"));
        long intervalSeconds = Long.getLong("soak.intervalSeconds", 60);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        config.setPoolName("soak");
        List<Integration> catalog = Fixtures.integrations(APPS);
        catalog.forEach(i -> apps.add(i.id()));
        for (int w = 0; w < WORKSPACES; w++) {
            workspaces.add(WorkspaceId.of("soak-" + w));
        }
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcConnections jdbc = BenchDatabase.freshTables(pool, "soak");
            try (Connections facade = ConnectionsBuilder.newBuilder()
                    .repository(jdbc.repository())
                    .secretStore(jdbc.secretStore())
                    .keyRing(Fixtures.keyRing())
                    .catalog(Fixtures.catalog(catalog))
                    .build()) {
                seed(facade);
                return soak(facade, pool.getHikariPoolMXBean(), minutes, intervalSeconds);
            } finally {
                drop(pool, jdbc);
            }
        }
    }

    private void seed(Connections facade) {
        int serial = 0;
        for (WorkspaceId ws : workspaces) {
            for (IntegrationId app : apps) {
                facade.addConnection(ws, app, "seed", Secret.of(Fixtures.apiKey(serial++)));
            }
        }
    }

    private boolean soak(Connections facade, HikariPoolMXBean pool, double minutes, long intervalSeconds)
            throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(RESOLVERS + 2);
        for (int t = 0; t < RESOLVERS; t++) {
            load.submit(() -> loop(running, () -> resolve(facade)));
        }
        load.submit(() -> loop(running, () -> write(facade)));
        load.submit(() -> loop(running, () -> {
            facade.connections(pick(workspaces), pick(apps));
            operations.incrementAndGet();
        }));

        List<Sample> samples = new ArrayList<>();
        System.out.println("interval | heap after GC (MB) | threads | pool active/idle | cache size | p99 resolve (ms)"
                + " | operations | of which writes");
        long intervals = Math.max(1, Math.round(minutes * 60 / intervalSeconds));
        for (int interval = 1; interval <= intervals; interval++) {
            TimeUnit.SECONDS.sleep(intervalSeconds);
            // Twice: the first may only finish a concurrent cycle that started before it.
            System.gc();
            System.gc();
            Sample s = new Sample(
                    interval,
                    heapAfterLastGc(),
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    pool.getActiveConnections(),
                    pool.getIdleConnections(),
                    facade.maintenance().cacheStats().size(),
                    resolves.p99AndReset() / 1000.0,
                    operations.getAndSet(0),
                    writes.getAndSet(0));
            samples.add(s);
            System.out.printf(
                    Locale.ROOT,
                    "%8d | %18.1f | %7d | %6d/%-9d | %10d | %16.2f | %10d | %d%n",
                    s.minute(),
                    s.heapAfterGcBytes() / 1048576.0,
                    s.threads(),
                    s.active(),
                    s.idle(),
                    s.cacheSize(),
                    s.p99ResolveMillis(),
                    s.operations(),
                    s.writes());
        }
        running.set(false);
        load.shutdown();
        load.awaitTermination(1, TimeUnit.MINUTES);
        return verdict(samples);
    }

    /**
     * What the heap held when the last collection ended, pool by pool: the load threads keep allocating while
     * {@code System.gc()} returns, so the heap's current use would count tens of megabytes of young garbage made
     * in between, and a flat heap would look as if it grew.
     */
    private static long heapAfterLastGc() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage afterGc = pool.getCollectionUsage();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && afterGc != null) {
                used += afterGc.getUsed();
            }
        }
        return used;
    }

    private boolean verdict(List<Sample> samples) {
        // The first interval includes start-up (class loading, JIT, the cache filling): compare from the second.
        Sample first = samples.get(Math.min(1, samples.size() - 1));
        Sample last = samples.get(samples.size() - 1);
        long heapGrowth = last.heapAfterGcBytes() - first.heapAfterGcBytes();
        boolean heapFlat = heapGrowth < Math.max(16L << 20, first.heapAfterGcBytes() / 5);
        boolean threadsFlat = last.threads() - first.threads() <= 5;
        boolean poolFlat = samples.stream().allMatch(s -> s.active() + s.idle() <= POOL_SIZE);
        boolean noFailures = failures.get() == 0;
        System.out.printf(
                Locale.ROOT,
                "soak: %d intervals; heap after GC %+.1f MB (%s), threads %+d (%s), pool within %d (%s), %d failed"
                        + " operations%n",
                samples.size(),
                heapGrowth / 1048576.0,
                heapFlat ? "flat" : "GREW",
                last.threads() - first.threads(),
                threadsFlat ? "flat" : "GREW",
                POOL_SIZE,
                poolFlat ? "yes" : "NO",
                failures.get());
        return heapFlat && threadsFlat && poolFlat && noFailures;
    }

    private void loop(AtomicBoolean running, Runnable step) {
        while (running.get()) {
            try {
                step.run();
            } catch (ConnectionsException e) {
                // A stale version or a name taken by the writer's own earlier step is a normal answer here.
                if (!(e instanceof dev.connections.error.StaleConnectionException)
                        && !(e instanceof dev.connections.error.DuplicateConnectionNameException)
                        && !(e instanceof dev.connections.error.ConnectionNotFoundException)) {
                    failures.incrementAndGet();
                    System.err.println("soak: " + e);
                }
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                System.err.println("soak: " + e);
            }
        }
    }

    private void resolve(Connections facade) {
        long start = System.nanoTime();
        int length = facade.resolveDefault(pick(workspaces), pick(apps)).withKey(Secret::length);
        resolves.record(System.nanoTime() - start);
        if (length == 0) {
            throw new IllegalStateException("empty key");
        }
        operations.incrementAndGet();
    }

    private void write(Connections facade) {
        WorkspaceId ws = pick(workspaces);
        IntegrationId app = pick(apps);
        List<Connection> current = facade.connections(ws, app);
        int dice = ThreadLocalRandom.current().nextInt(100);
        if (current.size() < 2 || dice < 30) {
            facade.addConnection(
                    ws,
                    app,
                    "c-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                    Secret.of(Fixtures.apiKey(ThreadLocalRandom.current().nextInt(1_000_000))));
        } else if (dice < 60) {
            Connection c = current.get(ThreadLocalRandom.current().nextInt(current.size()));
            facade.editConnection(
                    ws,
                    c.id(),
                    ConnectionEdit.replaceApiKey(
                            c.version(),
                            Secret.of(
                                    Fixtures.apiKey(ThreadLocalRandom.current().nextInt(1_000_000)))));
        } else if (dice < 80) {
            Connection c = current.get(ThreadLocalRandom.current().nextInt(current.size()));
            facade.editConnection(
                    ws,
                    c.id(),
                    ConnectionEdit.rename(
                            c.version(),
                            "r-" + Long.toHexString(ThreadLocalRandom.current().nextLong())));
        } else {
            // Keep each app at a few connections, so the data set stays the same size over the run.
            Connection c = current.get(ThreadLocalRandom.current().nextInt(current.size()));
            facade.deleteConnection(ws, c.id(), c.version());
        }
        operations.incrementAndGet();
        writes.incrementAndGet();
    }

    private static <T> T pick(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private static void drop(HikariDataSource pool, JdbcConnections jdbc) {
        List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
        tables.add(jdbc.tables().schemaVersion());
        tables.add(jdbc.tables().schemaLock());
        try (java.sql.Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (Exception e) {
            System.err.println("soak: could not drop the tables: " + e);
        }
    }

    /**
     * Fixed-memory latency histogram (10 µs buckets below 1 ms, 1 ms buckets up to 10 s), so recording adds no
     * garbage to the heap the run watches.
     */
    static final class LatencyHistogram {
        private static final int FINE = 100;
        private static final int COARSE = 10_000;
        private final AtomicLongArray buckets = new AtomicLongArray(FINE + COARSE + 1);

        void record(long nanos) {
            long micros = nanos / 1000;
            int index = micros < 1000 ? (int) (micros / 10) : (int) Math.min(FINE + COARSE, FINE + micros / 1000);
            buckets.incrementAndGet(index);
        }

        /** The 99th percentile in microseconds (upper edge of its bucket), and starts afresh. */
        long p99AndReset() {
            long[] counts = new long[buckets.length()];
            long total = 0;
            for (int i = 0; i < counts.length; i++) {
                counts[i] = buckets.getAndSet(i, 0);
                total += counts[i];
            }
            long wanted = (long) Math.ceil(total * 0.99);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= wanted && total > 0) {
                    return i < FINE ? (i + 1) * 10L : (i - FINE + 1) * 1000L;
                }
            }
            return 0;
        }
    }
}
