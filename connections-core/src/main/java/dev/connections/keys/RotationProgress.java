package dev.connections.keys;

import dev.connections.secret.SecretRef;
import java.time.Duration;
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
 * @param doneThisRun secrets examined by this run alone (not by the run it resumed)
 * @param elapsed how long this run has been going
 */
public record RotationProgress(
        long done,
        long total,
        long reencrypted,
        String primaryKeyId,
        Optional<SecretRef> lastRef,
        long doneThisRun,
        Duration elapsed) {
    public RotationProgress {
        Objects.requireNonNull(primaryKeyId, "primaryKeyId");
        Objects.requireNonNull(lastRef, "lastRef");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Secrets examined per second by this run so far; 0 before any time has passed. */
    public double ratePerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : doneThisRun / seconds;
    }

    /** How long the rest should take at this run's rate; empty until a rate is known. */
    public Optional<Duration> eta() {
        double rate = ratePerSecond();
        if (rate <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) Math.ceil(Math.max(0, total - done) / rate * 1000)));
    }

    /** Share of the estimated total examined, 0 to 100. */
    public int percent() {
        return total == 0 ? 100 : (int) Math.min(100, done * 100 / total);
    }
}
