package dev.connections.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.crypto.SecretCipher;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Key rotation on PostgreSQL of a whole store of {@code secrets} secrets per operation, in batches of
 * {@value #BATCH}, against a bare batched rewrite doing the same work: page through the table by ref, decrypt
 * each secret (AES-256-GCM, one {@code Cipher} reused) and encrypt it under the other key with a fresh nonce,
 * then write the page back with one batched compare-and-set UPDATE in one transaction. Each operation moves
 * every secret to the other of two keys, so every operation re-encrypts the whole store.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RotationBenchmark {
    static final int BATCH = 500;

    @Param({"500", "2500", "100000"})
    public int secrets;

    private HikariDataSource pool;
    private JdbcConnections library;
    private JdbcConnections bare;
    private SecretCipher towardsA;
    private SecretCipher towardsB;
    private boolean nextTowardsA;
    private BareRotation bareRotation;
    private int bareSide;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, GeneralSecurityException {
        pool = BenchDatabase.POSTGRESQL.pool("benchmarks-rotation");
        library = BenchDatabase.freshTables(pool, "rotlib");
        bare = BenchDatabase.freshTables(pool, "rotbare");

        SecureRandom random = new SecureRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        towardsA = cipher(
                KeyRing.builder().primary("key-a", a).decryptOnly("key-b", b).build());
        towardsB = cipher(
                KeyRing.builder().primary("key-b", b).decryptOnly("key-a", a).build());
        bareRotation = new BareRotation(
                pool, bare.tables().secrets(), BATCH, new SecretKeySpec(a, "AES"), new SecretKeySpec(b, "AES"));
        // Rows go in by JDBC batches: 100,000 single puts would take longer than the measurement.
        String insert =
                "INSERT INTO %s (ref, workspace, connection_id, format, key_id, sealed) VALUES (?, ?, ?, 1, 'key-a', ?)";
        try (java.sql.Connection c = pool.getConnection();
                PreparedStatement lib =
                        c.prepareStatement(insert.formatted(library.tables().secrets()));
                PreparedStatement base =
                        c.prepareStatement(insert.formatted(bare.tables().secrets()))) {
            c.setAutoCommit(false);
            for (int i = 0; i < secrets; i++) {
                // A few workspaces, as a store of many tenants holds.
                String workspace = "bench-rotate-" + (i % 100);
                try (Secret key = Secret.of(Fixtures.apiKey(i))) {
                    SecretBinding binding =
                            new SecretBinding(WorkspaceId.of(workspace), ConnectionId.random(), SecretRef.random());
                    add(lib, binding, towardsA.seal(key, binding).toBytes());
                    SecretBinding bareBinding =
                            new SecretBinding(binding.workspace(), ConnectionId.random(), SecretRef.random());
                    add(base, bareBinding, bareRotation.seal(key, bareBinding, 0));
                }
                if (i % 1000 == 999 || i == secrets - 1) {
                    lib.executeBatch();
                    base.executeBatch();
                    c.commit();
                }
            }
            c.setAutoCommit(true);
        }
        nextTowardsA = false;
        bareSide = 0;
    }

    private static void add(PreparedStatement ps, SecretBinding binding, byte[] sealed) throws SQLException {
        ps.setString(1, binding.ref().value());
        ps.setString(2, binding.workspace().value());
        ps.setString(3, binding.connection().toString());
        ps.setBytes(4, sealed);
        ps.addBatch();
    }

    private static SecretCipher cipher(KeyRing ring) {
        return new SecretCipher(ring, new InMemoryKeyUsageCounter(), KeyUsageLimits.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        BenchDatabase.drop(pool, library, bare);
        pool.close();
    }

    @Benchmark
    public RotationResult rotate() {
        SecretCipher cipher = nextTowardsA ? towardsA : towardsB;
        nextTowardsA = !nextTowardsA;
        RotationResult result = KeyRotation.builder(library.secretStore(), cipher)
                .batchSize(BATCH)
                .build()
                .run();
        if (result.reencrypted() != secrets) {
            throw new IllegalStateException("Expected every secret re-encrypted, got " + result);
        }
        return result;
    }

    @Benchmark
    public int baselineBatchedRewrite() throws SQLException, GeneralSecurityException {
        int to = 1 - bareSide;
        bareSide = to;
        int rewritten = bareRotation.rotateAll(to);
        if (rewritten != secrets) {
            throw new IllegalStateException("Expected " + secrets + " rows rewritten, got " + rewritten);
        }
        return rewritten;
    }
}
