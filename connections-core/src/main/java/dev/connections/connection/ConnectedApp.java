package dev.connections.connection;

import dev.connections.catalog.Integration;
import java.util.Objects;

/** One row of "Your connected apps": an app with at least one connection, and how many it has. */
public record ConnectedApp(Integration integration, int connectionCount) {
    public ConnectedApp {
        Objects.requireNonNull(integration, "integration");
        if (connectionCount < 1) {
            throw new IllegalArgumentException("a connected app has at least one connection");
        }
    }

    /** The app's name as shown in the list. */
    public String displayName() {
        return integration.displayName();
    }
}
