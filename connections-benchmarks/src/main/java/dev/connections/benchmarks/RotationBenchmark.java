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
import dev.connections.secret.StoredSecret;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * Key rotation on PostgreSQL, one batch of {@value #SECRETS} secrets per operation, against the bare SQL the
 * same storage work needs: read the batch, then rewrite its rows with one batched compare-and-set UPDATE in
 * one transaction, with new bytes computed beforehand (no cryptography). Each operation moves every secret
 * to the other of two keys, so every operation re-encrypts the whole batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RotationBenchmark {
    static final int SECRETS = 500;
    private static final WorkspaceId WS = WorkspaceId.of("bench-rotate");

    private HikariDataSource pool;
    private JdbcConnections library;
    private JdbcConnections bare;
    private SecretCipher towardsA;
    private SecretCipher towardsB;
    private boolean nextTowardsA;
    private String selectBatch;
    private String rewrite;
    private final List<String> bareRefs = new ArrayList<>();
    private final List<byte[][]> bareBytes = new ArrayList<>();
    private int bareSide;

    @Setup(Level.Trial)
    public void setUp() {
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
        for (int i = 0; i < SECRETS; i++) {
            SecretBinding binding = new SecretBinding(WS, ConnectionId.random(), SecretRef.random());
            try (Secret key = Secret.of(Fixtures.apiKey(i))) {
                library.secretStore().put(new StoredSecret(binding, towardsA.seal(key, binding)));
                // The baseline's rows hold the same kind of bytes; it swaps between two precomputed values.
                SecretBinding bareBinding = new SecretBinding(WS, ConnectionId.random(), SecretRef.random());
                StoredSecret first = new StoredSecret(bareBinding, towardsA.seal(key, bareBinding));
                bare.secretStore().put(first);
                bareRefs.add(bareBinding.ref().value());
                bareBytes.add(new byte[][] {
                    first.sealed().toBytes(), towardsB.seal(key, bareBinding).toBytes()
                });
            }
        }
        nextTowardsA = false;
        selectBatch = "SELECT ref, sealed FROM " + bare.tables().secrets() + " ORDER BY ref LIMIT " + SECRETS;
        rewrite = "UPDATE " + bare.tables().secrets()
                + " SET key_id = ?, sealed = ? WHERE workspace = ? AND ref = ? AND sealed = ?";
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
    public RotationResult rotateBatch() {
        SecretCipher cipher = nextTowardsA ? towardsA : towardsB;
        nextTowardsA = !nextTowardsA;
        RotationResult result = KeyRotation.builder(library.secretStore(), cipher)
                .batchSize(SECRETS)
                .build()
                .run();
        if (result.reencrypted() != SECRETS) {
            throw new IllegalStateException("Expected every secret re-encrypted, got " + result);
        }
        return result;
    }

    @Benchmark
    public int baselineBatchedRewrite() throws SQLException {
        int from = bareSide;
        int to = 1 - from;
        bareSide = to;
        String keyId = to == 0 ? "key-a" : "key-b";
        try (java.sql.Connection c = pool.getConnection()) {
            int read = 0;
            try (PreparedStatement ps = c.prepareStatement(selectBatch);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    read += rs.getBytes(2).length;
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(rewrite)) {
                for (int i = 0; i < SECRETS; i++) {
                    ps.setString(1, keyId);
                    ps.setBytes(2, bareBytes.get(i)[to]);
                    ps.setString(3, WS.value());
                    ps.setString(4, bareRefs.get(i));
                    ps.setBytes(5, bareBytes.get(i)[from]);
                    ps.addBatch();
                }
                int rows = 0;
                for (int n : ps.executeBatch()) {
                    rows += n;
                }
                c.commit();
                if (rows != SECRETS) {
                    throw new IllegalStateException("Expected " + SECRETS + " rows rewritten, got " + rows);
                }
                return rows + read;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
