package dev.connections.connection;

import dev.connections.secret.Secret;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A change to one connection: a new name, a new key, or both, against the version the user saw.
 *
 * <p>Build one with {@link #rename}, {@link #replaceApiKey} or {@link #of}. The old key is never
 * needed nor shown.
 *
 * @param expectedVersion the {@link Connection#version()} the user edited
 * @param newName the new name, or null to keep it
 * @param newApiKey the new key, or null to keep it
 */
public record ConnectionEdit(long expectedVersion, @Nullable String newName, @Nullable Secret newApiKey) {

    public ConnectionEdit {
        if (newName == null && newApiKey == null) {
            throw new IllegalArgumentException("An edit changes the name, the key, or both");
        }
    }

    /** A rename only; the key stays. */
    public static ConnectionEdit rename(long expectedVersion, String newName) {
        return new ConnectionEdit(expectedVersion, newName, null);
    }

    /** A key replacement only; the old key is destroyed when it is stored. */
    public static ConnectionEdit replaceApiKey(long expectedVersion, Secret newApiKey) {
        return new ConnectionEdit(expectedVersion, null, newApiKey);
    }

    /** Either or both; what a form with optional fields submits. */
    public static ConnectionEdit of(long expectedVersion, @Nullable String newName, @Nullable Secret newApiKey) {
        return new ConnectionEdit(expectedVersion, newName, newApiKey);
    }

    /** The new name, if the edit renames. */
    public Optional<String> name() {
        return Optional.ofNullable(newName);
    }

    /** The new key, if the edit replaces it. */
    public Optional<Secret> apiKey() {
        return Optional.ofNullable(newApiKey);
    }

    @Override
    public String toString() {
        return "ConnectionEdit[expectedVersion=" + expectedVersion + ", newName=" + newName + ", newApiKey="
                + (newApiKey == null ? "unchanged" : "replaced") + "]";
    }
}
