package dev.connections.examples.boot;

import dev.connections.connection.ResolvedConnection;
import dev.connections.secret.Secret;

/**
 * Sends a request to an app with its key in place. The example's bean only records the target, so the example
 * runs without network access; a real host builds an HTTP request here (and checks custom apps' addresses with
 * {@code Connections.maintenance().baseUrlPolicy()}, see docs/SECURITY.md).
 */
public interface TriggerClient {
    /** Sends the request and returns the target it was sent to. */
    String send(ResolvedConnection connection, Secret key);
}
