package dev.connections.web.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How an OAuth 2.0 callback ended, as the page is told it: either the connection it made (or reconnected),
 * or a stable reason code the page turns into a message in the user's language. Never the provider's own
 * words: a callback URL is anyone's to craft, so nothing from it is shown back.
 *
 * @param integrationId the connected app, on success
 * @param connectionId the connection made or reconnected, on success
 * @param failure why it failed, e.g. {@code access-denied}; null on success
 */
public record CallbackResult(@Nullable String integrationId, @Nullable String connectionId, @Nullable String failure) {

    /** The reason codes a failed callback may carry, for the page's messages and the OpenAPI document. */
    public static final List<String> FAILURES = List.of(
            "access-denied",
            "unknown-state",
            "expired-state",
            "foreign-state",
            "provider-error",
            "signed-out",
            "not-allowed",
            "name-taken",
            "invalid",
            "not-found",
            "unavailable",
            "error");

    static CallbackResult connected(String integrationId, String connectionId) {
        return new CallbackResult(integrationId, connectionId, null);
    }

    /** A failed callback; {@code reason} is one of {@link #FAILURES}. */
    public static CallbackResult failed(String reason) {
        if (!FAILURES.contains(reason)) {
            throw new IllegalArgumentException("Unknown callback failure " + reason);
        }
        return new CallbackResult(null, null, reason);
    }

    /** Whether the callback made or reconnected a connection. */
    public boolean succeeded() {
        return failure == null;
    }
}
