package dev.connections.verify;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What checking a key against the live API found: valid, rejected, undecided because the API could not be
 * reached, or not checkable for this app. Holds no key material: {@link #reason()} is the provider's short
 * explanation with anything resembling the key removed.
 *
 * @param status the verdict
 * @param reason one short sentence for people, e.g. "HTTP 401: Incorrect API key provided."
 * @param httpStatus the response status the verdict rests on, when a response arrived
 * @param checkedAt when the check finished
 */
public record Verification(Status status, String reason, @Nullable Integer httpStatus, Instant checkedAt) {

    /** The four verdicts a check can reach. */
    public enum Status {
        /** The API accepted the key. */
        VALID,
        /** The API rejected the key: it is wrong, revoked or lacks the rights the check needs. */
        INVALID,
        /** No verdict: network failure, timeout, rate limit, server error or an answer that says nothing. */
        UNREACHABLE,
        /** The app has no way to check a key (no probe, no base URL, or a setting the check needs is empty). */
        UNSUPPORTED
    }

    public Verification {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** Whether the API accepted the key. */
    public boolean isValid() {
        return status == Status.VALID;
    }

    static Verification of(Status status, String reason, @Nullable Integer httpStatus, Instant checkedAt) {
        return new Verification(status, reason, httpStatus, checkedAt);
    }
}
