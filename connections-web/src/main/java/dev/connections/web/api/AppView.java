package dev.connections.web.api;

import dev.connections.connection.ConnectedApp;

/**
 * One row of "Your connected apps" (B1).
 *
 * @param integrationId the app's id, catalog or custom
 * @param name the app's display name
 * @param custom whether it is a custom app of the workspace
 * @param connectionCount how many connections it has (at least one)
 * @param needsAttention whether its default connection's key was rejected at its last check
 * @param needsReconnect whether one of its OAuth connections must be connected again (the provider refused its
 *     grant)
 */
public record AppView(
        String integrationId,
        String name,
        boolean custom,
        int connectionCount,
        boolean needsAttention,
        boolean needsReconnect) {

    static AppView of(ConnectedApp app, boolean needsReconnect) {
        return new AppView(
                app.integration().id().value(),
                app.displayName(),
                app.integration().isCustom(),
                app.connectionCount(),
                app.needsAttention(),
                needsReconnect);
    }
}
