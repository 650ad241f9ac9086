package dev.connections.web.api;

import dev.connections.verify.Verification;

/**
 * What "Test connection" found; the reason never contains the key.
 *
 * @param state VALID, INVALID, UNREACHABLE or UNSUPPORTED
 * @param reason one short sentence for people
 * @param checkedAt when the check finished (ISO-8601)
 */
public record VerificationView(String state, String reason, String checkedAt) {

    static VerificationView of(Verification verification) {
        return new VerificationView(
                verification.status().name(),
                verification.reason(),
                verification.checkedAt().toString());
    }
}
