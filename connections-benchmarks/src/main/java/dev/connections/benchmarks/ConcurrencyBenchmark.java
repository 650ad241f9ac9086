package dev.connections.benchmarks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The trigger path under contention: 16 threads resolving the default connection across {@value #WORKSPACES}
 * workspaces × 2 apps through a cache of {@value #CACHE} entries, each thread drawing (workspace, app) pairs
 * from its own precomputed Zipf sequence (skew {@value #SKEW}), so hot pairs hit and the long tail misses.
 * The library runs on the in-memory adapter; the baseline is Caffeine's own cache of the same size and keys,
 * holding ciphertext like the library's, loading a miss from a map, and decrypting once per call (AES-256-GCM
 * on a {@code Cipher} kept per thread): the least work the same access pattern needs. Run in {@link
 * Mode#Throughput} for throughput and {@link Mode#SampleTime} for the 99th percentile.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(16)
public class ConcurrencyBenchmark {
    static final int WORKSPACES = 100_000;
    static final int CACHE = 10_000;
    static final double SKEW = 0.99;
    private static final int APPS = 2;
    private static final int DRAWS = 1 << 16;
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;

    /** The (workspace, app) pairs by popularity rank, and the Zipf distribution over the ranks. */
    @State(Scope.Benchmark)
    public static class Keys {
        final List<Integration> apps = Fixtures.integrations(APPS);
        final WorkspaceId[] workspaces = new WorkspaceId[WORKSPACES * APPS];
        final IntegrationId[] appIds = new IntegrationId[WORKSPACES * APPS];
        double[] cumulative;
        final AtomicInteger seeds = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() {
            int n = workspaces.length;
            // A random order of pairs by rank, so popularity does not follow workspace numbers.
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            SplittableRandom random = new SplittableRandom(42);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int rank = 0; rank < n; rank++) {
                int pair = order[rank];
                workspaces[rank] = WorkspaceId.of("workspace-" + pair / APPS);
                appIds[rank] = apps.get(pair % APPS).id();
            }
            cumulative = new double[n];
            double sum = 0;
            for (int rank = 0; rank < n; rank++) {
                sum += 1 / Math.pow(rank + 1, SKEW);
                cumulative[rank] = sum;
            }
            for (int rank = 0; rank < n; rank++) {
                cumulative[rank] /= sum;
            }
        }
    }

    /** One thread's precomputed draws, from a seed of its own. */
    @State(Scope.Thread)
    public static class Draws {
        int[] ranks;
        int next;

        @Setup(Level.Trial)
        public void setUp(Keys keys) {
            SplittableRandom random = new SplittableRandom(1000L + keys.seeds.getAndIncrement());
            ranks = new int[DRAWS];
            for (int i = 0; i < DRAWS; i++) {
                int rank = java.util.Arrays.binarySearch(keys.cumulative, random.nextDouble());
                ranks[i] = Math.min(rank < 0 ? -rank - 1 : rank, keys.cumulative.length - 1);
            }
        }

        int next() {
            return ranks[next++ & (DRAWS - 1)];
        }
    }

    /** The facade over the in-memory adapter: one default connection per (workspace, app), a cache of 10,000. */
    @State(Scope.Benchmark)
    public static class Facade {
        Connections connections;

        @Setup(Level.Trial)
        public void setUp(Keys keys) {
            connections = ConnectionsBuilder.newBuilder()
                    .repository(new InMemoryConnectionRepository())
                    .secretStore(new InMemorySecretStore())
                    .keyRing(Fixtures.keyRing())
                    .catalog(Fixtures.catalog(keys.apps))
                    .cacheMaximumSize(CACHE)
                    .build();
            for (int rank = 0; rank < keys.workspaces.length; rank++) {
                connections.addConnection(
                        keys.workspaces[rank], keys.appIds[rank], "Main key", Secret.of(Fixtures.apiKey(rank)));
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            connections.close();
        }
    }

    /** The baseline's storage (ciphertext and associated data by key) and its Caffeine cache of 10,000. */
    @State(Scope.Benchmark)
    public static class Bare {
        record Key(WorkspaceId workspace, IntegrationId app) {}

        record Sealed(byte[] payload, byte[] associatedData) {}

        final Map<Key, Sealed> stored = new ConcurrentHashMap<>();
        Cache<Key, Sealed> cache;
        Key[] keys;
        SecretKey aesKey;

        @Setup(Level.Trial)
        public void setUp(Keys k) throws GeneralSecurityException {
            SecureRandom random = new SecureRandom();
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            aesKey = new SecretKeySpec(raw, "AES");
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            keys = new Key[k.workspaces.length];
            for (int rank = 0; rank < keys.length; rank++) {
                keys[rank] = new Key(k.workspaces[rank], k.appIds[rank]);
                // Same size as the associated data the library binds (version, key id, workspace, connection, ref).
                byte[] associatedData = new byte[122];
                random.nextBytes(associatedData);
                byte[] nonce = new byte[NONCE_BYTES];
                random.nextBytes(nonce);
                cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
                cipher.updateAAD(associatedData);
                byte[] sealed = cipher.doFinal(Fixtures.apiKey(rank).getBytes(StandardCharsets.UTF_8));
                byte[] payload = new byte[NONCE_BYTES + sealed.length];
                System.arraycopy(nonce, 0, payload, 0, NONCE_BYTES);
                System.arraycopy(sealed, 0, payload, NONCE_BYTES, sealed.length);
                stored.put(keys[rank], new Sealed(payload, associatedData));
            }
            cache = Caffeine.newBuilder().maximumSize(CACHE).build();
        }
    }

    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    @Benchmark
    public int resolveDefault(Keys keys, Draws draws, Facade f) {
        int rank = draws.next();
        return f.connections
                .resolveDefault(keys.workspaces[rank], keys.appIds[rank])
                .withKey(Secret::length);
    }

    @Benchmark
    public int baselineCaffeine(Draws draws, Bare b) throws GeneralSecurityException {
        Bare.Sealed sealed = b.cache.get(b.keys[draws.next()], b.stored::get);
        byte[] payload = sealed.payload();
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.DECRYPT_MODE, b.aesKey, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
        cipher.updateAAD(sealed.associatedData());
        byte[] plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        return plain.length;
    }
}
