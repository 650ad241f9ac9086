package dev.connections.keys;

import dev.connections.secret.SecretRef;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a key rotation run: whether it walked the whole store, what it did, and where to
 * resume if it was stopped.
 *
 * @param status whether the walk reached the end or was stopped
 * @param examined secrets looked at (including those of the run it resumed)
 * @param reencrypted secrets moved to the primary key
 * @param changedConcurrently secrets that were edited or deleted while the run held them, so the
 *     concurrent change won; an edit always writes under the primary key, so these need nothing more
 * @param failed secrets that could not be opened (damaged, or under a key the ring no longer has); each
 *     is logged with its connection and key id and stays as it was
 * @param primaryKeyId the key secrets were moved to (the primary at the end of the run)
 * @param lastRef the last secret examined, where {@link KeyRotation#resume} continues
 */
public record RotationResult(
        Status status,
        long examined,
        long reencrypted,
        long changedConcurrently,
        long failed,
        String primaryKeyId,
        Optional<SecretRef> lastRef) {

    /** How a run ended. */
    public enum Status {
        /** Every secret was examined. */
        COMPLETED,
        /** {@link KeyRotation#stop()} ended the run early; {@link KeyRotation#resume} continues it. */
        STOPPED
    }

    public RotationResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(primaryKeyId, "primaryKeyId");
        Objects.requireNonNull(lastRef, "lastRef");
    }

    /**
     * Whether the run walked the whole store without failures: then no secret written before the run
     * remains under an older key, and older keys can be removed from the ring.
     */
    public boolean isComplete() {
        return status == Status.COMPLETED && failed == 0;
    }
}
