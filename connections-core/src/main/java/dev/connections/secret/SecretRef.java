package dev.connections.secret;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Opaque handle under which a {@code SecretStore} keeps one encrypted key; a connection points to its
 * key only through this.
 */
public record SecretRef(String value) implements Comparable<SecretRef> {
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    public SecretRef {
        Objects.requireNonNull(value, "secret ref");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("A secret ref has 1-100 letters, digits or . _ : -");
        }
    }

    /** A fresh random reference that records the current time (see {@link #createdAt()}). */
    public static SecretRef random() {
        return random(Instant.now());
    }

    /**
     * A fresh random reference recording {@code createdAt}: a version-7 UUID (RFC 9562), 48 bits of Unix
     * milliseconds followed by 74 random bits, so refs sort by creation time and an orphan sweep can tell a
     * write still in flight from an old leftover without the store keeping a timestamp.
     */
    public static SecretRef random(Instant createdAt) {
        long millis = createdAt.toEpochMilli();
        if (millis < 0 || millis >= (1L << 48)) {
            throw new IllegalArgumentException("createdAt out of the range a version-7 UUID can hold");
        }
        // A ref is a handle, not a credential (every store checks the workspace), so a fast generator will do.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new SecretRef(new UUID(high, low).toString());
    }

    /**
     * When this reference was made, if it is a version-7 UUID from {@link #random(Instant)}; empty for
     * references of another shape (older refs, a store's own), which a sweep treats as old.
     */
    public Optional<Instant> createdAt() {
        if (value.length() != 36) {
            return Optional.empty();
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (uuid.version() != 7) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(uuid.getMostSignificantBits() >>> 16));
    }

    /** A reference a store handed out earlier, e.g. read back from a database row. */
    public static SecretRef of(String value) {
        return new SecretRef(value);
    }

    @Override
    public int compareTo(SecretRef other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
