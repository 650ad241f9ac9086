package dev.connections.keys;

import dev.connections.secret.SecretRef;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a running key rotation stands after a batch, as given to its progress callback.
 *
 * @param done secrets examined so far (including those of the run it resumed)
 * @param total secrets in the store when the run started (at least {@code done}); writers keep going,
 *     so it is an estimate
 * @param reencrypted secrets moved to the primary key so far
 * @param primaryKeyId the key secrets are being moved to
 * @param lastRef the last secret examined: pass it to {@link KeyRotation#resumeAfter} to continue from
 *     here if the process stops
 */
public record RotationProgress(
        long done, long total, long reencrypted, String primaryKeyId, Optional<SecretRef> lastRef) {
    public RotationProgress {
        Objects.requireNonNull(primaryKeyId, "primaryKeyId");
        Objects.requireNonNull(lastRef, "lastRef");
    }

    /** Share of the estimated total examined, 0 to 100. */
    public int percent() {
        return total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    }
}
