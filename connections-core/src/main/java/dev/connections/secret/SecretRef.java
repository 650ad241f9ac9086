package dev.connections.secret;

import java.util.Objects;
import java.util.UUID;
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

    /** A fresh random reference. */
    public static SecretRef random() {
        return new SecretRef(UUID.randomUUID().toString());
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
