package dev.connections.error;

/**
 * Root of every error the library reports; messages are written for the person at the screen.
 *
 * <p>Messages never contain secret material. Subclasses name the situation a UI or host reacts to:
 * not found, invalid input, stale version, nothing to resolve, damaged secret, storage failure.
 */
public class ConnectionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code message} is shown to users, so it must never contain secret material. */
    public ConnectionsException(String message) {
        super(message);
    }

    /** As {@link #ConnectionsException(String)}, keeping the technical cause for the host's logs. */
    public ConnectionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
