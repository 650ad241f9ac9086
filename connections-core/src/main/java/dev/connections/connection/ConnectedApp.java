package dev.connections.connection;

import dev.connections.catalog.Integration;
import java.util.Objects;

/**
 * One row of "Your connected apps": an app with at least one connection, how many it has, and whether it
 * needs attention because its default connection's key was rejected at its last check, or its default was made
 * by OAuth and needs a reconnect.
 */
public record ConnectedApp(Integration integration, int connectionCount, boolean needsAttention) {
    public ConnectedApp {
        Objects.requireNonNull(integration, "integration");
        if (connectionCount < 1) {
            throw new IllegalArgumentException("a connected app has at least one connection");
        }
    }

    /** An app that needs no attention. */
    public ConnectedApp(Integration integration, int connectionCount) {
        this(integration, connectionCount, false);
    }

    /** The app's name as shown in the list. */
    public String displayName() {
        return integration.displayName();
    }
}
