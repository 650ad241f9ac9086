package dev.connections;

/**
 * Root of every error the library reports; messages are written for the person at the screen.
 *
 * <p>Messages never contain secret material. Subclasses name the situation a UI or host reacts to:
 * not found, invalid input, stale version, nothing to resolve, damaged secret, storage failure.
 */
public class ConnectionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConnectionsException(String message) {
        super(message);
    }

    public ConnectionsException(String message, Throwable cause) {
        super(message, cause);
    }
}
