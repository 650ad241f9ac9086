package dev.connections.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.NewConnection;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
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
 * Bulk import on PostgreSQL, {@value #CONNECTIONS} connections of one app into a fresh workspace per operation
 * ({@code importConnections}: validation, encryption, one transaction with batched inserts), against the bare
 * SQL the same rows need: one transaction with one batched INSERT of the ciphertexts and one of the connection
 * rows, values computed beforehand (no validation, no cryptography).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ImportBenchmark {
    static final int CONNECTIONS = 1_000;
    private static final IntegrationId APP = IntegrationId.of("openai");

    private HikariDataSource pool;
    private JdbcConnections library;
    private JdbcConnections bare;
    private Connections connections;
    private List<NewConnection> items;
    private byte[] sealedTemplate;
    private BareSql bareSql;
    private final AtomicLong serial = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() {
        pool = BenchDatabase.POSTGRESQL.pool("benchmarks-import");
        library = BenchDatabase.freshTables(pool, "implib");
        bare = BenchDatabase.freshTables(pool, "impbare");
        connections = ConnectionsBuilder.newBuilder()
                .repository(library.repository())
                .secretStore(library.secretStore())
                .keyUsageCounter(library.keyUsageCounter())
                .keyRing(Fixtures.keyRing())
                .catalog(Fixtures.catalog(List.of(Fixtures.integration("OpenAI"))))
                .build();
        items = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            items.add(new NewConnection(APP, "Key " + i, Secret.of(Fixtures.apiKey(i))));
        }
        // A stored ciphertext's size: header, nonce, the key and the tag.
        sealedTemplate = new byte[100];
        new SecureRandom().nextBytes(sealedTemplate);
        bareSql = new BareSql(bare);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        connections.close();
        BenchDatabase.drop(pool, library, bare);
        pool.close();
    }

    @Benchmark
    public List<Connection> importConnections() {
        List<Connection> created =
                connections.importConnections(WorkspaceId.of("bench-import-" + serial.incrementAndGet()), items);
        if (created.size() != CONNECTIONS) {
            throw new IllegalStateException("Expected " + CONNECTIONS + " connections, got " + created.size());
        }
        return created;
    }

    @Benchmark
    public int baselineBatchedInserts() throws SQLException {
        String workspace = "bench-bare-import-" + serial.incrementAndGet();
        Object now = BenchDatabase.POSTGRESQL.timestamp(Instant.now());
        return BareSql.inTransaction(pool, c -> {
            try (PreparedStatement secrets = c.prepareStatement(bareSql.insertSecret);
                    PreparedStatement rows = c.prepareStatement(bareSql.insertConnection)) {
                for (int i = 0; i < CONNECTIONS; i++) {
                    String id = UUID.randomUUID().toString();
                    String ref = UUID.randomUUID().toString();
                    BareSql.bindSecret(secrets, ref, workspace, id, sealedTemplate);
                    secrets.addBatch();
                    BareSql.bindConnection(rows, workspace, id, APP.value(), "Key " + i, ref, i == 0, now);
                    rows.addBatch();
                }
                return secrets.executeBatch().length + rows.executeBatch().length;
            }
        });
    }
}
