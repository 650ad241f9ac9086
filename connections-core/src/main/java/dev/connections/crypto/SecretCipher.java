package dev.connections.crypto;

import dev.connections.error.SecretIntegrityException;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
    // re-initialises it with the record's key, nonce and associated data. Re-using a nonce is only unsafe when
    // encrypting; sealing still gets a fresh Cipher (and a fresh nonce) every time.
    private static final ThreadLocal<Cipher> DECRYPTORS = ThreadLocal.withInitial(SecretCipher::newCipher);
    private static final ThreadLocal<CharsetDecoder> DECODERS = ThreadLocal.withInitial(() -> StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT));

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
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keyRing.primaryKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData(FORMAT_V1, keyId, binding));
            byte[] sealed = cipher.doFinal(plain);
            byte[] payload = ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
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
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(binding, "binding");
        if (sealed.formatVersion() != FORMAT_V1) {
            throw integrity(binding, sealed.keyId(), "uses unknown stored format " + sealed.formatVersion());
        }
        Optional<SecretKey> found = keyRing.key(sealed.keyId());
        if (found.isEmpty()) {
            throw integrity(
                    binding,
                    sealed.keyId(),
                    "is encrypted under a key the key ring does not have (key ids: " + keyRing.keyIds() + "); add key '"
                            + sealed.keyId() + "' back to the key ring, or replace this connection's key");
        }
        SecretKey key = found.get();
        byte[] payload = sealed.payload();
        if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
            throw integrity(binding, sealed.keyId(), "is truncated");
        }
        byte[] plain = null;
        try {
            Cipher cipher = DECRYPTORS.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(sealed.formatVersion(), sealed.keyId(), binding));
            plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
            return decodeUtf8(plain);
        } catch (AEADBadTagException e) {
            throw integrity(binding, sealed.keyId(), "failed authentication (altered, or copied from another record)");
        } catch (CharacterCodingException e) {
            throw integrity(binding, sealed.keyId(), "does not decode as text");
        } catch (GeneralSecurityException e) {
            throw integrity(binding, sealed.keyId(), "could not be decrypted");
        } finally {
            Arrays.fill(payload, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
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

    /** Strict UTF-8 (a malformed key is damage, not something to repair); the work buffer is wiped. */
    private static Secret decodeUtf8(byte[] plain) throws CharacterCodingException {
        // UTF-8 never decodes to more chars than it has bytes.
        char[] chars = new char[plain.length];
        try {
            CharsetDecoder decoder = DECODERS.get().reset();
            CharBuffer out = CharBuffer.wrap(chars);
            CoderResult result = decoder.decode(ByteBuffer.wrap(plain), out, true);
            if (result.isError()) {
                result.throwException();
            }
            decoder.flush(out);
            return Secret.of(chars, 0, out.position());
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static SecretIntegrityException integrity(SecretBinding binding, String keyId, String problem) {
        return new SecretIntegrityException(
                "The stored key of connection " + binding.connection() + " (key id " + keyId + ") " + problem + ".");
    }

    static byte[] associatedData(int formatVersion, String keyId, SecretBinding binding) {
        // Each part is its UTF-8 bytes after a two-byte length, as String.getBytes(UTF_8) would give them, written
        // straight into one array: decryption runs on the trigger path, so no part becomes an array of its own.
        String workspace = binding.workspace().value();
        String ref = binding.ref().value();
        int size = 1
                + (2 + AAD_LABEL.length)
                + (2 + utf8Length(keyId))
                + (2 + utf8Length(workspace))
                + (2 + UUID_CHARS)
                + (2 + utf8Length(ref));
        byte[] out = new byte[size];
        out[0] = (byte) formatVersion;
        int at = 1;
        at = writeLength(out, at, AAD_LABEL.length);
        System.arraycopy(AAD_LABEL, 0, out, at, AAD_LABEL.length);
        at += AAD_LABEL.length;
        at = writeUtf8(out, at, keyId);
        at = writeUtf8(out, at, workspace);
        at = writeLength(out, at, UUID_CHARS);
        at = writeUuid(out, at, binding.connection().value());
        writeUtf8(out, at, ref);
        return out;
    }

    private static final byte[] AAD_LABEL = "connections-secret".getBytes(StandardCharsets.UTF_8);
    private static final int UUID_CHARS = 36;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static int writeLength(byte[] out, int at, int length) {
        out[at] = (byte) (length >>> 8);
        out[at + 1] = (byte) length;
        return at + 2;
    }

    /** The length {@code String.getBytes(UTF_8)} gives: a lone surrogate becomes one byte ('?'). */
    static int utf8Length(String s) {
        int length = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                length += 1;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                length += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                length += 1;
            } else {
                length += 3;
            }
        }
        return length;
    }

    /** Writes {@code s} after its two-byte length, byte for byte as {@code String.getBytes(UTF_8)} encodes it. */
    private static int writeUtf8(byte[] out, int at, String s) {
        at = writeLength(out, at, utf8Length(s));
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[at++] = (byte) c;
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | (c >> 6));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | (cp >> 18));
                out[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[at++] = '?';
            } else {
                out[at++] = (byte) (0xE0 | (c >> 12));
                out[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return at;
    }

    /** The canonical lower-case form {@code UUID.toString()} gives (8-4-4-4-12 hex digits). */
    private static int writeUuid(byte[] out, int at, UUID uuid) {
        at = writeHex(out, at, uuid.getMostSignificantBits() >>> 32, 8);
        out[at++] = '-';
        at = writeHex(out, at, uuid.getMostSignificantBits() >>> 16, 4);
        out[at++] = '-';
        at = writeHex(out, at, uuid.getMostSignificantBits(), 4);
        out[at++] = '-';
        at = writeHex(out, at, uuid.getLeastSignificantBits() >>> 48, 4);
        out[at++] = '-';
        return writeHex(out, at, uuid.getLeastSignificantBits(), 12);
    }

    private static int writeHex(byte[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
        return at + digits;
    }

    /** The counter and limits, shared by a cipher and the copies {@link #withKeyRing} makes. */
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
