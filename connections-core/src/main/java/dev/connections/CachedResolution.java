package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.secret.StoredSecret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the trigger path keeps per (workspace, app): metadata and ciphertext, never a plain key.
 *
 * @param resolved what a cache hit hands out, made once for this entry: immutable, and each {@code withKey}
 *     opens the key afresh from the ciphertext prepared once, so a hit builds neither the binding, nor the
 *     associated data, nor the handle again; null when it must be made per call (an OAuth grant, whose token the
 *     token refresher opens)
 */
record CachedResolution(
        Connection connection, StoredSecret secret, Integration integration, @Nullable ResolvedConnection resolved) {
    public CachedResolution {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(integration, "integration");
    }

    /** An entry whose handle is made, and whose key is opened, from scratch at each use. */
    CachedResolution(Connection connection, StoredSecret secret, Integration integration) {
        this(connection, secret, integration, null);
    }
}
