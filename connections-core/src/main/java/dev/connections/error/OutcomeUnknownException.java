package dev.connections.error;

/**
 * The storage was lost while it committed a change, so whether the change was saved is not known.
 *
 * <p>Adapters throw it from {@code ConnectionRepository.modify} when a commit's acknowledgement is lost.
 * The facade then settles the outcome itself by reading back what it wrote, and reports success or
 * "nothing changed"; a host sees this exception only when storage stays unreachable through the retry
 * budget. Nothing is destroyed in that case: look at the connection again before repeating the change.
 */
public final class OutcomeUnknownException extends StorageException {
    private static final long serialVersionUID = 1L;

    /** {@code message} is safe to show; {@code cause} carries the driver's details. */
    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
