package dev.connections;

import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.crypto.PreparedSecret;
import dev.connections.crypto.SecretCipher;
import dev.connections.keys.EncryptionKeys;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.RotationResult;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cipher in use with the encryption keys it holds, and what changes them: reload and rotation. A reload
 * empties the resolution cache, so nothing is served from ciphertext under a key that was just removed.
 */
final class ActiveCipher implements EncryptionKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ActiveCipher.class);

    private final KeyProvider provider;
    private final SecretStore secrets;
    // Replaced as a whole by reload(); every operation reads it once.
    private volatile SecretCipher cipher;

    private final ResolutionCache cache;

    ActiveCipher(
            KeyProvider provider,
            SecretStore secrets,
            @Nullable KeyUsageCounter durableCounter,
            int usageReservation,
            KeyUsageLimits limits,
            ResolutionCache cache) {
        this.provider = provider;
        this.secrets = secrets;
        this.cache = cache;
        KeyUsageCounter counter = durableCounter != null ? durableCounter : new InMemoryKeyUsageCounter();
        this.cipher = new SecretCipher(
                provider.keyRing(), new ReservedKeyUsage(counter, usageReservation, limits.hardLimit()), limits);
    }

    SealedSecret seal(Secret key, SecretBinding binding) {
        return cipher.seal(key, binding);
    }

    /** Opens with the cipher in use when called, so a reload between lookup and use is honoured. */
    Secret open(SealedSecret sealed, SecretBinding binding) {
        return cipher.open(sealed, binding);
    }

    /** As {@link #open(SealedSecret, SecretBinding)}, for a secret prepared once and opened on every cache hit. */
    Secret open(PreparedSecret prepared) {
        return cipher.open(prepared);
    }

    /** Reads the provider again; on failure the current keys stay in use. */
    @Override
    public void reload() {
        KeyRing ring = provider.keyRing();
        cipher = cipher.withKeyRing(ring);
        cache.invalidateAll();
        LOG.info("Encryption keys reloaded: primary key {}, key ids {}", ring.primaryKeyId(), ring.keyIds());
    }

    @Override
    public RotationResult rotate() {
        return rotation().build().run();
    }

    @Override
    public KeyRotation.Builder rotation() {
        return KeyRotation.builder(secrets, () -> cipher);
    }
}
