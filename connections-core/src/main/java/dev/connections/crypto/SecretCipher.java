package dev.connections.crypto;

import dev.connections.SecretIntegrityException;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts API keys with AES-256-GCM under a {@link KeyRing}, binding each ciphertext to
 * its record.
 *
 * <p>Each encryption uses a fresh 96-bit nonce from {@link SecureRandom} and a 128-bit tag. The
 * associated data is the format version, key id, workspace, connection id and secret reference, so
 * a ciphertext moved to another record, or relabelled with another key id, fails authentication.
 * Thread-safe.
 */
public final class SecretCipher {
    /** The stored format this class writes. */
    public static final int FORMAT_V1 = 1;

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keyRing;
    private final SecureRandom random;

    public SecretCipher(KeyRing keyRing) {
        this(keyRing, new SecureRandom());
    }

    SecretCipher(KeyRing keyRing, SecureRandom random) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.random = Objects.requireNonNull(random, "random");
    }

    public KeyRing keyRing() {
        return keyRing;
    }

    /** Encrypts {@code secret} under the primary key, bound to {@code binding}. */
    public SealedSecret seal(Secret secret, SecretBinding binding) {
        String keyId = keyRing.primaryKeyId();
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
     *     its key id is not in the ring
     */
    public Secret open(SealedSecret sealed, SecretBinding binding) {
        if (sealed.formatVersion() != FORMAT_V1) {
            throw integrity(binding, sealed, "uses unknown stored format " + sealed.formatVersion());
        }
        SecretKey key = keyRing.key(sealed.keyId())
                .orElseThrow(() -> integrity(binding, sealed, "is encrypted under a key the key ring does not have"));
        byte[] payload = sealed.payload();
        if (payload.length < NONCE_BYTES + TAG_BITS / 8) {
            throw integrity(binding, sealed, "is truncated");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(sealed.formatVersion(), sealed.keyId(), binding));
            plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
            return Secret.of(decodeUtf8(plain));
        } catch (AEADBadTagException e) {
            throw integrity(binding, sealed, "failed authentication (altered, or copied from another record)");
        } catch (CharacterCodingException e) {
            throw integrity(binding, sealed, "does not decode as text");
        } catch (GeneralSecurityException e) {
            throw integrity(binding, sealed, "could not be decrypted");
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static char[] decodeUtf8(byte[] plain) throws CharacterCodingException {
        CharBuffer chars = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(plain));
        char[] out = new char[chars.remaining()];
        chars.get(out);
        Arrays.fill(chars.array(), '\0');
        return out;
    }

    private static SecretIntegrityException integrity(SecretBinding binding, SealedSecret sealed, String problem) {
        return new SecretIntegrityException("The stored key of connection " + binding.connection() + " (key id "
                + sealed.keyId() + ") " + problem + ".");
    }

    static byte[] associatedData(int formatVersion, String keyId, SecretBinding binding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(formatVersion);
        for (String part : new String[] {
            "connections-secret",
            keyId,
            binding.workspace().value(),
            binding.connection().toString(),
            binding.ref().value()
        }) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.write(bytes, 0, bytes.length);
        }
        return out.toByteArray();
    }
}
