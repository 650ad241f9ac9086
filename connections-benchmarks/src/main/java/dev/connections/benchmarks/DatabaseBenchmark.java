package dev.connections.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The library on a database through the JDBC adapter and a HikariCP pool, against the bare SQL the same work
 * needs, sent through the same pool: an uncached {@code resolveDefault} against one SELECT by primary key of the
 * connection row joined to its ciphertext; {@code addConnection} against the two INSERTs (connection,
 * ciphertext) in one transaction; {@code setDefault} against the two UPDATEs (clear the old default, set the new
 * one) in one transaction. A subclass names the database (JMH runs the inherited benchmarks per subclass).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public abstract class DatabaseBenchmark {
    private static final IntegrationId APP = IntegrationId.of("openai");

    private HikariDataSource pool;
    private JdbcConnections jdbc;
    private Connections uncached;
    private final WorkspaceId resolveWorkspace = WorkspaceId.of("bench-resolve");
    private ConnectionId resolveId;
    private final WorkspaceId toggleWorkspace = WorkspaceId.of("bench-toggle");
    private ConnectionId[] toggle;
    private final WorkspaceId bareToggleWorkspace = WorkspaceId.of("bench-bare-toggle");
    private ConnectionId[] bareToggle;
    private final AtomicLong serial = new AtomicLong();
    private final AtomicLong flips = new AtomicLong();
    private final AtomicLong bareFlips = new AtomicLong();
    private byte[] sealedTemplate;
    private String selectByPk;
    private BareSql bare;
    private String clearDefault;
    private String setDefault;

    /** The database this subclass measures. */
    protected abstract BenchDatabase database();

    @Setup(Level.Trial)
    public void setUp() {
        pool = database().pool("benchmarks");
        jdbc = BenchDatabase.freshTables(pool, "bench");
        Integration openai = Fixtures.integration("OpenAI");
        ConnectionsBuilder builder = ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                // Wired as the README wires production: durable key-usage counts, reserved in blocks.
                .keyUsageCounter(jdbc.keyUsageCounter())
                .keyRing(Fixtures.keyRing())
                .catalog(Fixtures.catalog(List.of(openai)))
                .cacheMaximumSize(0);
        uncached = builder.build();

        resolveId = uncached.addConnection(resolveWorkspace, APP, "Main", Secret.of(Fixtures.apiKey(1)))
                .id();
        toggle = twoConnections(toggleWorkspace);
        bareToggle = twoConnections(bareToggleWorkspace);
        // A stored ciphertext's size: header, nonce, the key and the tag.
        sealedTemplate = new byte[100];
        new java.security.SecureRandom().nextBytes(sealedTemplate);

        String c = jdbc.tables().connections();
        String s = jdbc.tables().secrets();
        selectByPk = "SELECT c.workspace, c.id, c.integration, c.name, c.secret_ref, c.key_hint, c.is_default,"
                + " c.settings, c.created_at, c.updated_at, c.version, s.sealed FROM " + c + " c JOIN " + s
                + " s ON s.ref = c.secret_ref WHERE c.workspace = ? AND c.id = ?";
        bare = new BareSql(jdbc);
        clearDefault = "UPDATE " + c + " SET is_default = FALSE, updated_at = ?, version = version + 1"
                + " WHERE workspace = ? AND id = ?";
        setDefault = "UPDATE " + c + " SET is_default = TRUE, updated_at = ?, version = version + 1"
                + " WHERE workspace = ? AND id = ?";
    }

    private ConnectionId[] twoConnections(WorkspaceId workspace) {
        Connection first = uncached.addConnection(workspace, APP, "First", Secret.of(Fixtures.apiKey(2)));
        Connection second = uncached.addConnection(workspace, APP, "Second", Secret.of(Fixtures.apiKey(3)));
        return new ConnectionId[] {first.id(), second.id()};
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        uncached.close();
        BenchDatabase.drop(pool, jdbc);
        pool.close();
    }

    // ---- resolveDefault, uncached ----------------------------------------------------------------

    @Benchmark
    public ResolvedConnection resolveDefaultUncached() {
        return uncached.resolveDefault(resolveWorkspace, APP);
    }

    @Benchmark
    public Object baselineSelectByPrimaryKey() throws SQLException {
        try (java.sql.Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(selectByPk)) {
            ps.setString(1, resolveWorkspace.value());
            ps.setString(2, resolveId.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // Read every column, as the adapter does to build its records.
                Object[] row = new Object[12];
                for (int i = 0; i < 12; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                return row;
            }
        }
    }

    // ---- addConnection ---------------------------------------------------------------------------

    @Benchmark
    public Connection addConnection() {
        long n = serial.incrementAndGet();
        // A fresh workspace each time, so the app never grows and every add is a first (default) one.
        return uncached.addConnection(
                WorkspaceId.of("bench-add-" + n), APP, "Key " + n, Secret.of(Fixtures.apiKey((int) n)));
    }

    @Benchmark
    public int baselineInsertStatements() throws SQLException {
        long n = serial.incrementAndGet();
        Object now = database().timestamp(Instant.now());
        return bare.add(pool, now, "bench-bare-add-" + n, APP.value(), "Key " + n, sealedTemplate);
    }

    // ---- addConnection as a host runs it ---------------------------------------------------------

    /**
     * The library wired as a host runs it ({@link HostSetup}: pool of 10, durable key-usage counter, JDBC status
     * store, bundled catalog, default cache, audit log at INFO to a file), only in the forks of the rows using it.
     */
    @State(Scope.Benchmark)
    public static class Host {
        private HostSetup host;
        private final AtomicLong serial = new AtomicLong();

        @Setup(Level.Trial)
        public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
            // The subclass's name says the database; JMH gives the state no other way to the enclosing instance.
            String benchmark = params.getBenchmark();
            BenchDatabase database = benchmark.contains(".MariaDbMultiStatementsBenchmark.")
                    ? BenchDatabase.MARIADB_MULTI_STATEMENTS
                    : benchmark.contains(".MariaDbBenchmark.") ? BenchDatabase.MARIADB : BenchDatabase.POSTGRESQL;
            host = HostSetup.open(database, "benchhost");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            host.close();
        }
    }

    @Benchmark
    public void addConnectionAsHost(Host host) {
        host.host.add(host.serial.incrementAndGet());
    }

    @Benchmark
    public int baselineInsertStatementsAsHost(Host host) throws SQLException {
        return host.host.bareAdd(host.serial.incrementAndGet());
    }

    // ---- setDefault ------------------------------------------------------------------------------

    @Benchmark
    public Connection setDefault() {
        long n = flips.incrementAndGet();
        return uncached.setDefault(toggleWorkspace, toggle[(int) (n % 2)]);
    }

    @Benchmark
    public int baselineSetDefaultStatements() throws SQLException {
        long n = bareFlips.incrementAndGet();
        ConnectionId next = bareToggle[(int) (n % 2)];
        ConnectionId previous = bareToggle[(int) ((n + 1) % 2)];
        Object now = database().timestamp(Instant.now());
        return BareSql.inTransaction(pool, c -> {
            try (PreparedStatement clear = c.prepareStatement(clearDefault);
                    PreparedStatement set = c.prepareStatement(setDefault)) {
                clear.setObject(1, now);
                clear.setString(2, bareToggleWorkspace.value());
                clear.setString(3, previous.toString());
                int rows = clear.executeUpdate();
                set.setObject(1, now);
                set.setString(2, bareToggleWorkspace.value());
                set.setString(3, next.toString());
                return rows + set.executeUpdate();
            }
        });
    }
}
