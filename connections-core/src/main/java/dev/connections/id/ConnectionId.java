package dev.connections.id;

import java.util.Objects;
import java.util.UUID;

/** Identifies one connection; a random UUID, unguessable and unique across workspaces. */
public record ConnectionId(UUID value) implements Comparable<ConnectionId> {
    public ConnectionId {
        Objects.requireNonNull(value, "connection id");
    }

    /** A fresh random (version 4) id for a new connection. */
    public static ConnectionId random() {
        return new ConnectionId(UUID.randomUUID());
    }

    /**
     * Parses the canonical UUID form.
     *
     * @throws IllegalArgumentException when {@code value} is not a UUID
     */
    public static ConnectionId parse(String value) {
        Objects.requireNonNull(value, "connection id");
        return new ConnectionId(UUID.fromString(value));
    }

    @Override
    public int compareTo(ConnectionId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
