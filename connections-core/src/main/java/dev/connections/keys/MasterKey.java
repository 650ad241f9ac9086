package dev.connections.keys;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A host-held key that encrypts ("wraps") the data keys of a {@link WrappedKeyRing}, so data keys can be
 * stored next to the application and rotated without issuing a new deployment secret.
 *
 * <p>Implement it over a KMS (wrap = the KMS's encrypt with {@code keyId} as encryption context, unwrap
 * = its decrypt), or use the built-in AES-256-GCM master key from bytes or a PKCS12 KeyStore entry.
 * Implementations must authenticate {@code keyId} with the wrapped bytes, so a wrapped key relabelled
 * with another id does not unwrap.
 */
public interface MasterKey {

    /** The master key's id, recorded with the wrapped ring so a wrong master key is reported as such. */
    String id();

    /** Encrypts a 32-byte data key; the caller wipes {@code dataKey}. */
    byte[] wrap(String keyId, byte[] dataKey);

    /**
     * Decrypts a data key wrapped by {@link #wrap}; the caller wipes the result.
     *
     * @throws IllegalArgumentException when {@code wrapped} was altered, relabelled, or wrapped by
     *     another master key; the message never contains key material
     */
    byte[] unwrap(String keyId, byte[] wrapped);

    /** An AES-256-GCM master key from 32 bytes (copied; the caller may wipe its array). */
    static MasterKey aes(String id, byte[] aes256Key) {
        Objects.requireNonNull(aes256Key, "aes256Key");
        if (aes256Key.length != 32) {
            throw new IllegalArgumentException(
                    "Master key '" + id + "' must be 32 bytes (AES-256), not " + aes256Key.length);
        }
        return new AesMasterKey(id, new SecretKeySpec(aes256Key, "AES"));
    }

    /**
     * The AES-256 secret-key entry {@code alias} of a PKCS12 KeyStore file (as made by {@code keytool
     * -genseckey -keyalg AES -keysize 256 -storetype PKCS12}); the entry is protected by the store password.
     */
    static MasterKey fromKeyStore(Path file, char[] password, String alias) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(alias, "alias");
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            Key key = store.getKey(alias, password);
            if (!(key instanceof SecretKey secret) || !"AES".equalsIgnoreCase(secret.getAlgorithm())) {
                throw new IllegalArgumentException(
                        "KeyStore " + file + " has no AES secret-key entry '" + alias + "' to use as master key");
            }
            byte[] encoded = secret.getEncoded();
            try {
                return aes(alias, encoded);
            } finally {
                Arrays.fill(encoded, (byte) 0);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "Could not read master key '" + alias + "' from KeyStore " + file + ": "
                            + e.getClass().getSimpleName(),
                    e);
        }
    }
}
