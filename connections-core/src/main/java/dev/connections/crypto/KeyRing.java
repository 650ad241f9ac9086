package dev.connections.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256 data keys by id: one primary key that encrypts new keys, older ones kept to decrypt
 * what they encrypted until rotation has moved everything to the primary.
 *
 * <p>Immutable; {@code toString} lists key ids only.
 */
public final class KeyRing {
    private static final Logger LOG = LoggerFactory.getLogger(KeyRing.class);
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** Whether {@code id} is a valid key id ({@value #KEY_ID_RULE}); the one rule for every key id. */
    public static boolean isKeyId(String id) {
        return KEY_ID.matcher(id).matches();
    }

    /** What a key id may look like, for data keys and master keys alike: 1-64 letters, digits or . _ - */
    public static final String KEY_ID_RULE = "1-64 letters, digits or . _ -";

    private static final int KEY_BYTES = 32;

    private final String primaryKeyId;
    private final Map<String, SecretKey> keys;

    private KeyRing(String primaryKeyId, Map<String, SecretKey> keys) {
        this.primaryKeyId = primaryKeyId;
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    }

    /** Starts a ring: one {@link Builder#primary primary} key and any number of decrypt-only keys. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A ring with one freshly generated key, for development only: keys encrypted with it cannot be
     * read after a restart. Logs a warning.
     */
    public static KeyRing generateForDevelopment() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        LOG.warn("Using a generated development encryption key: stored API keys will be unreadable after a"
                + " restart. Configure a KeyProvider for production.");
        try {
            return builder().primary("dev-" + System.currentTimeMillis(), key).build();
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The id of the key that encrypts new secrets. */
    public String primaryKeyId() {
        return primaryKeyId;
    }

    /** Every key id, the primary first. */
    public Set<String> keyIds() {
        return keys.keySet();
    }

    /** Whether the ring has a key with this id. */
    public boolean contains(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The key with this id. */
    public Optional<SecretKey> key(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    SecretKey primaryKey() {
        return keys.get(primaryKeyId);
    }

    /** A new ring with {@code keyId} as primary and this ring's keys kept for decryption. */
    public KeyRing withNewPrimary(String keyId, byte[] aes256Key) {
        Builder b = builder().primary(keyId, aes256Key);
        keys.forEach((id, key) -> {
            if (!id.equals(keyId)) {
                byte[] encoded = key.getEncoded();
                try {
                    b.decryptOnly(id, encoded);
                } finally {
                    Arrays.fill(encoded, (byte) 0);
                }
            }
        });
        return b.build();
    }

    /** A new ring without {@code keyId}; the primary cannot be removed. */
    public KeyRing without(String keyId) {
        if (keyId.equals(primaryKeyId)) {
            throw new IllegalArgumentException("The primary key cannot be removed; make another key primary first");
        }
        Map<String, SecretKey> copy = new LinkedHashMap<>(keys);
        copy.remove(keyId);
        return new KeyRing(primaryKeyId, copy);
    }

    /** Shows the key ids only, never key material. */
    @Override
    public String toString() {
        return "KeyRing[primary=" + primaryKeyId + ", keyIds=" + keys.keySet() + "]";
    }

    /** Builder for {@link KeyRing}; key bytes are copied, so the caller may wipe its arrays. */
    public static final class Builder {
        private String primaryKeyId;
        private final Map<String, SecretKey> keys = new LinkedHashMap<>();

        private Builder() {}

        /** The key that encrypts new secrets (and decrypts its own). */
        public Builder primary(String keyId, byte[] aes256Key) {
            if (primaryKeyId != null) {
                throw new IllegalStateException("A key ring has one primary key");
            }
            add(keyId, aes256Key);
            primaryKeyId = keyId;
            return this;
        }

        /** A former key, kept to decrypt secrets not yet rotated. */
        public Builder decryptOnly(String keyId, byte[] aes256Key) {
            add(keyId, aes256Key);
            return this;
        }

        /**
         * The ring, primary first.
         *
         * @throws IllegalStateException when no primary key was given
         */
        public KeyRing build() {
            if (primaryKeyId == null) {
                throw new IllegalStateException("A key ring needs a primary key");
            }
            Map<String, SecretKey> ordered = new LinkedHashMap<>();
            ordered.put(primaryKeyId, keys.get(primaryKeyId));
            ordered.putAll(keys);
            return new KeyRing(primaryKeyId, ordered);
        }

        private void add(String keyId, byte[] key) {
            Objects.requireNonNull(keyId, "keyId");
            Objects.requireNonNull(key, "key");
            if (!isKeyId(keyId)) {
                throw new IllegalArgumentException("A key id has " + KEY_ID_RULE);
            }
            if (key.length != KEY_BYTES) {
                throw new IllegalArgumentException("A key must be 32 bytes (AES-256), not " + key.length);
            }
            if (keys.containsKey(keyId)) {
                throw new IllegalArgumentException("A key id is given twice");
            }
            keys.put(keyId, new SecretKeySpec(key, "AES"));
        }
    }
}
