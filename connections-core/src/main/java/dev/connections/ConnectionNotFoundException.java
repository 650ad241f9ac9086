package dev.connections;

import dev.connections.connection.ConnectionId;

/**
 * A connection id that does not exist in the workspace.
 *
 * <p>An id that belongs to another workspace gives exactly the same exception and message, so a
 * caller cannot probe other tenants' ids.
 */
public final class ConnectionNotFoundException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final transient ConnectionId connectionId;

    public ConnectionNotFoundException(WorkspaceId workspace, ConnectionId connectionId) {
        super("Connection " + connectionId + " was not found in workspace " + workspace + ".");
        this.connectionId = connectionId;
    }

    public ConnectionId connectionId() {
        return connectionId;
    }
}
