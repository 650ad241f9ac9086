package dev.connections.crypto;

import dev.connections.error.SecretIntegrityException;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts and decrypts API keys with AES-256-GCM under a {@link KeyRing}, binding each ciphertext to
 * its record.
 *
 * <p>Each encryption uses a fresh 96-bit nonce from {@link SecureRandom} and a 128-bit tag. The
 * associated data is the format version, key id, workspace, connection id and secret reference, so
 * a ciphertext moved to another record, or relabelled with another key id, fails authentication.
 * Every encryption is counted per key id in a {@link KeyUsageCounter} and checked against {@link
 * KeyUsageLimits}. Thread-safe; immutable apart from the shared counter.
 */
public final class SecretCipher {
    /** The stored format this class writes. */
    public static final int FORMAT_V1 = 1;

    private static final Logger LOG = LoggerFactory.getLogger(SecretCipher.class);
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    // Cipher.getInstance costs more than the decryption of a short key, so each thread keeps one for opening and
    // one for sealing, re-initialised for each record (opening: its key, nonce and associated data; sealing: the
    // primary key and a fresh random nonce).
    private static final ThreadLocal<Cipher> DECRYPTORS = ThreadLocal.withInitial(SecretCipher::newCipher);
    private static final ThreadLocal<Cipher> ENCRYPTORS = ThreadLocal.withInitial(SecretCipher::newCipher);
    // The decrypted bytes land in a per-thread work buffer, wiped after decoding, instead of a new array per key.
    private static final ThreadLocal<byte[]> PLAIN_BUFFERS = ThreadLocal.withInitial(() -> new byte[256]);
    private static final int MAX_KEPT_PLAIN_BUFFER = 16 * 1024;

    private final KeyRing keyRing;
    private final Usage usage;
    private final SecureRandom random;

    /**
     * A cipher that counts encryptions in memory only, with {@link KeyUsageLimits#defaults()}; fine for
     * tests and single short-lived processes.
     */
    public SecretCipher(KeyRing keyRing) {
        this(keyRing, new InMemoryKeyUsageCounter(), KeyUsageLimits.defaults());
    }

    /** A cipher that counts every encryption in {@code counter} and enforces {@code limits}. */
    public SecretCipher(KeyRing keyRing, KeyUsageCounter counter, KeyUsageLimits limits) {
        this(keyRing, new Usage(counter, limits), new SecureRandom());
    }

    SecretCipher(KeyRing keyRing, KeyUsageCounter counter, KeyUsageLimits limits, SecureRandom random) {
        this(keyRing, new Usage(counter, limits), random);
    }

    private SecretCipher(KeyRing keyRing, Usage usage, SecureRandom random) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.usage = usage;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The keys this cipher encrypts and decrypts with. */
    public KeyRing keyRing() {
        return keyRing;
    }

    /** The same cipher (counter, limits) over another key ring, e.g. after the host reloaded its keys. */
    public SecretCipher withKeyRing(KeyRing newKeyRing) {
        return new SecretCipher(newKeyRing, usage, random);
    }

    /**
     * Encrypts {@code secret} under the primary key, bound to {@code binding}.
     *
     * @throws KeyUsageExceededException when the primary key reached its hard limit of encryptions
     */
    public SealedSecret seal(Secret secret, SecretBinding binding) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(binding, "binding");
        String keyId = keyRing.primaryKeyId();
        usage.count(keyId);
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = secret.toUtf8Bytes();
        try {
            Cipher cipher = ENCRYPTORS.get();
            // A fresh random nonce for every encryption; the JDK refuses a Cipher re-initialised with the nonce it
            // last encrypted under, so a reused Cipher cannot repeat one either.
            cipher.init(Cipher.ENCRYPT_MODE, keyRing.primaryKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(AssociatedData.of(FORMAT_V1, keyId, binding));
            byte[] payload = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
            System.arraycopy(nonce, 0, payload, 0, NONCE_BYTES);
            int sealedLength = cipher.doFinal(plain, 0, plain.length, payload, NONCE_BYTES);
            if (NONCE_BYTES + sealedLength != payload.length) {
                payload = Arrays.copyOf(payload, NONCE_BYTES + sealedLength);
            }
            return new SealedSecret(FORMAT_V1, keyId, payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Decrypts {@code sealed}, which must have been sealed for exactly {@code binding}.
     *
     * @throws SecretIntegrityException when the ciphertext was altered, belongs to another record, or
     *     its key id is not in the ring; the message names the connection and key id
     */
    public Secret open(SealedSecret sealed, SecretBinding binding) {
        return open(PreparedSecret.of(sealed, binding));
    }

    /**
     * Decrypts a {@linkplain PreparedSecret prepared} sealed secret: what the trigger path does on a cache hit.
     *
     * @throws SecretIntegrityException as {@link #open(SealedSecret, SecretBinding)}
     */
    public Secret open(PreparedSecret prepared) {
        Objects.requireNonNull(prepared, "prepared");
        SealedSecret sealed = prepared.sealed();
        SecretBinding binding = prepared.binding();
        if (sealed.formatVersion() != FORMAT_V1) {
            throw integrity(binding, sealed.keyId(), "uses unknown stored format " + sealed.formatVersion());
        }
        SecretKey key = keyRing.key(sealed.keyId()).orElse(null);
        if (key == null) {
            throw integrity(
                    binding,
                    sealed.keyId(),
                    "is encrypted under a key the key ring does not have (key ids: " + keyRing.keyIds() + "); add key '"
                            + sealed.keyId() + "' back to the key ring, or replace this connection's key");
        }
        byte[] payload = prepared.payload();
        if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
            throw integrity(binding, sealed.keyId(), "is truncated");
        }
        byte[] plain = null;
        int plainLength = 0;
        int wipeLength = 0;
        try {
            Cipher cipher = DECRYPTORS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(prepared.associatedData());
            int sealedLength = payload.length - NONCE_BYTES;
            wipeLength = cipher.getOutputSize(sealedLength);
            plain = plainBuffer(wipeLength);
            plainLength = cipher.doFinal(payload, NONCE_BYTES, sealedLength, plain, 0);
            return Secret.fromUtf8(plain, 0, plainLength);
        } catch (AEADBadTagException e) {
            throw integrity(binding, sealed.keyId(), "failed authentication (altered, or copied from another record)");
        } catch (IllegalArgumentException e) {
            throw integrity(binding, sealed.keyId(), "does not decode as text");
        } catch (GeneralSecurityException e) {
            throw integrity(binding, sealed.keyId(), "could not be decrypted");
        } finally {
            if (plain != null) {
                // The whole range the cipher may have written: a failed authentication returns no length.
                Arrays.fill(plain, 0, Math.max(plainLength, Math.min(wipeLength, plain.length)), (byte) 0);
            }
        }
    }

    /**
     * The thread's work buffer for a plain key of up to {@code size} bytes (wiped by the caller after each use),
     * or a new array for one larger than any API key, which is not kept.
     */
    private static byte[] plainBuffer(int size) {
        byte[] buffer = PLAIN_BUFFERS.get();
        if (buffer.length >= size) {
            return buffer;
        }
        byte[] larger = new byte[size];
        if (size <= MAX_KEPT_PLAIN_BUFFER) {
            PLAIN_BUFFERS.set(larger);
        }
        return larger;
    }

    /**
     * Reads the stored bytes ({@link SealedSecret#toBytes()}) and decrypts them; bytes that are not a
     * sealed secret at all are reported like any other damage.
     *
     * @throws SecretIntegrityException when the bytes are damaged, belong to another record, or name a
     *     key id the ring does not have
     */
    public Secret open(byte[] stored, SecretBinding binding) {
        Objects.requireNonNull(stored, "stored");
        Objects.requireNonNull(binding, "binding");
        return open(StoredSecret.read(binding, stored).sealed(), binding);
    }

    /** Whether {@code sealed} is already under the primary key in the current format. */
    public boolean isCurrent(SealedSecret sealed) {
        return sealed.formatVersion() == FORMAT_V1 && sealed.keyId().equals(keyRing.primaryKeyId());
    }

    /**
     * Re-encrypts {@code sealed} under the primary key for the same record; returns it unchanged when it
     * is already {@linkplain #isCurrent current}. The plain key exists only inside this call.
     *
     * @throws SecretIntegrityException when {@code sealed} cannot be opened
     * @throws KeyUsageExceededException when the primary key reached its hard limit
     */
    public SealedSecret reseal(SealedSecret sealed, SecretBinding binding) {
        if (isCurrent(sealed)) {
            return sealed;
        }
        try (Secret plain = open(sealed, binding)) {
            return seal(plain, binding);
        }
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM has no " + TRANSFORMATION + " cipher", e);
        }
    }

    /** Shows the key ids only. */
    @Override
    public String toString() {
        return "SecretCipher[AES-256-GCM, primary=" + keyRing.primaryKeyId() + ", keyIds=" + keyRing.keyIds() + "]";
    }

    private static SecretIntegrityException integrity(SecretBinding binding, String keyId, String problem) {
        return new SecretIntegrityException(
                "The stored key of connection " + binding.connection() + " (key id " + keyId + ") " + problem + ".");
    }

    private static final class Usage {
        private final KeyUsageCounter counter;
        private final KeyUsageLimits limits;
        private final long warnEvery;
        private final Set<String> warned = ConcurrentHashMap.newKeySet();
        private final Set<String> refused = ConcurrentHashMap.newKeySet();

        Usage(KeyUsageCounter counter, KeyUsageLimits limits) {
            this.counter = Objects.requireNonNull(counter, "counter");
            this.limits = Objects.requireNonNull(limits, "limits");
            // Repeat the warning about ten times between the threshold and the hard limit.
            this.warnEvery = Math.max(1, (limits.hardLimit() - limits.warnAt()) / 10);
        }

        /** Counts one encryption under {@code keyId} before it happens, so a crash never under-counts. */
        void count(String keyId) {
            long used = counter.add(keyId, 1);
            if (used > limits.hardLimit()) {
                if (refused.add(keyId)) {
                    LOG.error(
                            "Encryption key '{}' reached its hard limit of {} encryptions; new keys cannot be"
                                    + " stored until a new primary key is added and keys are rotated",
                            keyId,
                            limits.hardLimit());
                }
                throw new KeyUsageExceededException(keyId, limits.hardLimit());
            }
            if (used >= limits.warnAt() && (warned.add(keyId) || (used - limits.warnAt()) % warnEvery == 0)) {
                LOG.warn(
                        "Encryption key '{}' has performed {} of at most {} encryptions; add a new primary key and"
                                + " rotate keys soon",
                        keyId,
                        used,
                        limits.hardLimit());
            }
        }
    }
}
