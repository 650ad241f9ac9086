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
import java.util.concurrent.TimeUnit;
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
 * The trigger path on a cache hit: {@code resolveDefault} plus decrypting the key, against the least
 * any implementation must do: a Caffeine lookup and one AES-256-GCM decryption of a key of the same size.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResolveBenchmark {
    private static final int TAG_BITS = 128;
    private static final int NONCE_BYTES = 12;

    /** A facade over the in-memory adapter with one default connection, its cache already warm. */
    @State(Scope.Benchmark)
    public static class Facade {
        final WorkspaceId workspace = WorkspaceId.of("acme-workspace");
        final IntegrationId app = IntegrationId.of("openai");
        Connections connections;

        @Setup(Level.Trial)
        public void setUp() {
            Integration openai = Fixtures.integration("OpenAI");
            connections = ConnectionsBuilder.newBuilder()
                    .repository(new InMemoryConnectionRepository())
                    .secretStore(new InMemorySecretStore())
                    .keyRing(Fixtures.keyRing())
                    .catalog(Fixtures.catalog(List.of(openai)))
                    .build();
            connections.addConnection(workspace, app, "Our main key", Secret.of(Fixtures.apiKey(1)));
            connections.resolveDefault(workspace, app);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            connections.close();
        }
    }

    /** What the baseline needs: a plain Caffeine cache of ciphertexts and an AES key. */
    @State(Scope.Benchmark)
    public static class Bare {
        record Key(String workspace, String app) {}

        final Key key = new Key("acme-workspace", "openai");
        Cache<Key, byte[]> cache;
        SecretKey aesKey;
        // Same size as the associated data the library binds (version, key id, workspace, connection, ref).
        final byte[] associatedData = new byte[122];

        @Setup(Level.Trial)
        public void setUp() throws GeneralSecurityException {
            SecureRandom random = new SecureRandom();
            byte[] raw = new byte[32];
            random.nextBytes(raw);
            aesKey = new SecretKeySpec(raw, "AES");
            random.nextBytes(associatedData);
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, aesKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(Fixtures.apiKey(1).getBytes(StandardCharsets.UTF_8));
            byte[] payload = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, payload, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, payload, NONCE_BYTES, sealed.length);
            cache = Caffeine.newBuilder().maximumSize(100_000).build();
            cache.put(key, payload);
        }
    }

    @Benchmark
    public int resolveDefaultCachedHit(Facade f) {
        return f.connections.resolveDefault(f.workspace, f.app).withKey(Secret::length);
    }

    @Benchmark
    @Threads(2)
    public int resolveDefaultCachedHit2Threads(Facade f) {
        return f.connections.resolveDefault(f.workspace, f.app).withKey(Secret::length);
    }

    @Benchmark
    public int baselineCaffeineAndDecrypt(Bare b) throws GeneralSecurityException {
        return bareLookupAndDecrypt(b);
    }

    @Benchmark
    @Threads(2)
    public int baselineCaffeineAndDecrypt2Threads(Bare b) throws GeneralSecurityException {
        return bareLookupAndDecrypt(b);
    }

    @Benchmark
    public int baselineCaffeineAndDecryptReusedCipher(Bare b) throws GeneralSecurityException {
        return bareLookupAndDecryptReusedCipher(b);
    }

    @Benchmark
    @Threads(2)
    public int baselineCaffeineAndDecryptReusedCipher2Threads(Bare b) throws GeneralSecurityException {
        return bareLookupAndDecryptReusedCipher(b);
    }

    // The least work a cache hit needs: one Caffeine get and one AES-GCM decryption on a Cipher kept per thread,
    // re-initialised with the record's nonce and associated data (safe when decrypting).
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    private static int bareLookupAndDecryptReusedCipher(Bare b) throws GeneralSecurityException {
        byte[] payload = b.cache.getIfPresent(b.key);
        Cipher cipher = CIPHERS.get();
        cipher.init(Cipher.DECRYPT_MODE, b.aesKey, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
        cipher.updateAAD(b.associatedData);
        byte[] plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        return plain.length;
    }

    private static int bareLookupAndDecrypt(Bare b) throws GeneralSecurityException {
        byte[] payload = b.cache.getIfPresent(b.key);
        // A Cipher is not thread-safe; the simplest bare implementation gets one per call.
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, b.aesKey, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
        cipher.updateAAD(b.associatedData);
        byte[] plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        return plain.length;
    }
}
