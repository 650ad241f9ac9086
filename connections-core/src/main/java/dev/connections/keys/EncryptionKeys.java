package dev.connections.keys;

/**
 * The encryption keys that protect every stored API key, as an operator handles them: reload them after the
 * key provider changed, then re-encrypt stored API keys under the new primary key.
 *
 * <p>Reached through {@code Connections.encryptionKeys()}; a view made with {@code Connections.as(actor)}
 * names that actor in the audit lines of a rotation.
 */
public interface EncryptionKeys {

    /**
     * Re-reads the {@link dev.connections.spi.KeyProvider}: a new primary key encrypts every API key stored
     * from now on, and removed keys can no longer be read. Cached resolutions are dropped, so nothing is
     * served from ciphertext under a removed key. On failure (unreadable provider, bad keys) the current
     * keys stay in use and the exception is thrown.
     */
    void reload();

    /**
     * Re-encrypts every stored API key under the primary encryption key, in batches, while reads and writes
     * go on; same as {@code rotation().build().run()}. Usually run after {@link #reload()} added a new
     * primary key.
     */
    RotationResult rotate();

    /**
     * A rotation over this instance's secret store and current encryption keys, to configure (batch size,
     * progress callback) and then run, stop or resume.
     */
    KeyRotation.Builder rotation();
}
