package dev.connections.error;

import dev.connections.id.ConnectionId;

/**
 * The connection changed since the caller read it (its version is not the expected one).
 *
 * <p>Nothing was changed; reload the connection and try again.
 */
public final class StaleConnectionException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final transient ConnectionId connectionId;
    private final long expectedVersion;
    private final long actualVersion;

    /** The message tells the user to reload; the versions are for logs and retries. */
    public StaleConnectionException(ConnectionId connectionId, long expectedVersion, long actualVersion) {
        super("Connection " + connectionId + " was changed by someone else (expected version " + expectedVersion
                + ", found " + actualVersion + "). Reload it and try again.");
        this.connectionId = connectionId;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
    }

    /** The connection that changed. */
    public ConnectionId connectionId() {
        return connectionId;
    }

    /** The version the caller edited. */
    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version stored now. */
    public long actualVersion() {
        return actualVersion;
    }
}
