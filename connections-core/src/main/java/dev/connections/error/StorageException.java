package dev.connections.error;

/**
 * The storage behind an SPI failed (database down, retries exhausted); the operation did not happen.
 *
 * <p>The one exception to "did not happen" is the subclass {@link OutcomeUnknownException}: the storage
 * was lost while it committed, and the library could not find out whether the change was saved.
 *
 * <p>The cause carries the driver's details for the host's logs; the message is safe to show.
 */
public class StorageException extends ConnectionsException {
    private static final long serialVersionUID = 1L;

    /** {@code message} is safe to show; {@code cause} carries the driver's details. */
    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure with no underlying exception, e.g. retries exhausted. */
    public StorageException(String message) {
        super(message);
    }
}
