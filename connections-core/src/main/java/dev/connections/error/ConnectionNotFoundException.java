package dev.connections.error;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;

/**
 * A connection id that does not exist in the workspace.
 *
 * <p>An id that belongs to another workspace gives exactly the same exception and message, so a
 * caller cannot probe other tenants' ids.
 */
public final class ConnectionNotFoundException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final transient ConnectionId connectionId;

    /** The message names the id and the workspace the caller asked about, nothing about other tenants. */
    public ConnectionNotFoundException(WorkspaceId workspace, ConnectionId connectionId) {
        super("Connection " + connectionId + " was not found in workspace " + workspace + ".");
        this.connectionId = connectionId;
    }

    /** The id that was asked for. */
    public ConnectionId connectionId() {
        return connectionId;
    }
}
