package dev.connections.oauth;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the provider sent back to the redirect URI (RFC 6749 §4.1.2): the state and either a code or an
 * error. The host passes the query parameters as they came.
 *
 * @param state the {@code state} parameter
 * @param code the {@code code} parameter, on success
 * @param error the {@code error} parameter ({@code access_denied}), on failure
 * @param errorDescription the {@code error_description}, when the provider gave one
 */
public record AuthorizationCallback(
        String state, @Nullable String code, @Nullable String error, @Nullable String errorDescription) {

    public AuthorizationCallback {
        Objects.requireNonNull(state, "state");
    }

    /** A successful callback. */
    public static AuthorizationCallback success(String state, String code) {
        return new AuthorizationCallback(state, Objects.requireNonNull(code, "code"), null, null);
    }

    /** A callback carrying the provider's error. */
    public static AuthorizationCallback failure(String state, String error, @Nullable String description) {
        return new AuthorizationCallback(state, null, Objects.requireNonNull(error, "error"), description);
    }

    /** The provider's error code, when the callback is a failure. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(error);
    }
}
