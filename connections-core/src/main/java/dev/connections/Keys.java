package dev.connections;

import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.SecretCipher;
import dev.connections.keys.KeyRotation;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The cipher in use, and what changes it: key reload and rotation. */
final class Keys {
    private static final Logger LOG = LoggerFactory.getLogger(Keys.class);

    private final KeyProvider provider;
    private final SecretStore secrets;
    // Replaced as a whole by reload(); every operation reads it once.
    private volatile SecretCipher cipher;

    Keys(Settings settings) {
        this.provider = settings.keyProvider();
        this.secrets = settings.secrets();
        KeyUsageCounter counter =
                settings.keyUsageCounter() != null ? settings.keyUsageCounter() : new InMemoryKeyUsageCounter();
        this.cipher = new SecretCipher(
                provider.keyRing(),
                new ReservedKeyUsage(
                        counter,
                        settings.keyUsageReservation(),
                        settings.keyUsageLimits().hardLimit()),
                settings.keyUsageLimits());
    }

    SealedSecret seal(Secret key, SecretBinding binding) {
        return cipher.seal(key, binding);
    }

    /** Opens with the cipher in use when called, so a reload between lookup and use is honoured. */
    Secret open(SealedSecret sealed, SecretBinding binding) {
        return cipher.open(sealed, binding);
    }

    /** Reads the provider again; on failure the current keys stay in use. */
    KeyRing reload() {
        KeyRing ring = provider.keyRing();
        cipher = cipher.withKeyRing(ring);
        LOG.info("Encryption keys reloaded: primary key {}, key ids {}", ring.primaryKeyId(), ring.keyIds());
        return ring;
    }

    KeyRotation.Builder rotation() {
        return KeyRotation.builder(secrets, () -> cipher);
    }
}
