package dev.connections.verify;

import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a connection is doing: the last check of its key against the live API, and when the host last used it
 * (a {@code resolve} or {@code resolveDefault} that handed it out, to the minute).
 *
 * @param lastVerification the last "Test connection" result, absent when never checked
 * @param lastUsedAt when a trigger last got this connection, absent when never used (or not yet written)
 */
public record ConnectionStatus(@Nullable Verification lastVerification, @Nullable Instant lastUsedAt) {
    /** Never checked, never used. */
    public static final ConnectionStatus UNKNOWN = new ConnectionStatus(null, null);

    /** The last check, if there was one. */
    public Optional<Verification> verification() {
        return Optional.ofNullable(lastVerification);
    }

    /** When the key was last checked. */
    public Optional<Instant> lastVerifiedAt() {
        return verification().map(Verification::checkedAt);
    }

    /** When a trigger last got this connection. */
    public Optional<Instant> lastUsed() {
        return Optional.ofNullable(lastUsedAt);
    }

    /** Whether the last check found the key rejected: the page flags such a connection. */
    public boolean keyRejected() {
        return lastVerification != null && lastVerification.status() == Verification.Status.INVALID;
    }

    /** This status with a newer check. */
    public ConnectionStatus withVerification(Verification verification) {
        return new ConnectionStatus(verification, lastUsedAt);
    }

    /** This status used at {@code at}, unless it already records a later use. */
    public ConnectionStatus usedAt(Instant at) {
        return lastUsedAt != null && lastUsedAt.isAfter(at) ? this : new ConnectionStatus(lastVerification, at);
    }
}
