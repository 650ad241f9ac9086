package dev.connections.error;

import dev.connections.id.ConnectionId;
import java.util.Objects;

/**
 * The connection's OAuth grant was refused by the provider (revoked, expired, {@code invalid_grant}): it
 * cannot give a token until the user connects it again.
 */
public class ReconnectRequiredException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final ConnectionId connection;

    public ReconnectRequiredException(ConnectionId connection, String appName) {
        super("The connection to " + appName + " needs to be reconnected: the provider no longer accepts its grant.");
        this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** The connection that needs a reconnect. */
    public ConnectionId connection() {
        return connection;
    }
}
