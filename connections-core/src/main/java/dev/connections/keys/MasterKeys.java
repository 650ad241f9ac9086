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

/** The built-in {@link MasterKey}s: AES-256-GCM from key bytes or from a PKCS12 KeyStore entry. */
public final class MasterKeys {
    private MasterKeys() {}

    /** An AES-256-GCM master key from 32 bytes (copied; the caller may wipe its array). */
    public static MasterKey aes(String id, byte[] aes256Key) {
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
    public static MasterKey fromKeyStore(Path file, char[] password, String alias) {
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
