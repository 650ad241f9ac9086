package dev.connections.error;

/**
 * The storage refuses writes because it is read-only — typically a database during a failover (a replica
 * promoted late, or a primary demoted) or one switched to read-only by its operator. Nothing was changed.
 *
 * <p>Reads keep working, and so does the trigger path. A host can say "storage is read-only; try again
 * later" rather than a generic failure. Adapters throw it at once, without spending the retry budget, since
 * trying again on the same database gives the same answer until an operator or the failover changes it.
 */
public final class StorageReadOnlyException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** {@code message} is safe to show; {@code cause} carries the driver's details. */
    public StorageReadOnlyException(String message, Throwable cause) {
        super(message, cause);
    }
}
