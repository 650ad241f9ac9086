package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.secret.StoredSecret;
import java.util.Objects;

/** What the trigger path keeps per (workspace, app): metadata and ciphertext, never a plain key. */
record CachedResolution(Connection connection, StoredSecret secret, Integration integration) {
    public CachedResolution {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(integration, "integration");
    }
}
