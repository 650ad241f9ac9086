package dev.connections.oauth;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A token or revocation endpoint did not give tokens. The {@link Kind} decides what the library does:
 * a refused grant marks the connection "needs reconnect"; a transient failure keeps a still-valid token
 * in use and is tried again later; nothing is ever deleted because of either.
 *
 * <p>The message carries the provider's error code and short description (RFC 6749 §5.2), never a token
 * or a client secret.
 */
public final class TokenEndpointException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure it was. */
    public enum Kind {
        /** {@code invalid_grant}: the code, refresh token or grant is no longer valid; the user must connect again. */
        INVALID_GRANT,
        /** The provider refused the client or the request ({@code invalid_client}, {@code unauthorized_client}, …): a set-up problem. */
        REJECTED,
        /** Network failure, timeout, 5xx or 429: try again later. */
        TRANSIENT
    }

    private final Kind kind;
    private final @Nullable String errorCode;
    private final transient @Nullable Duration retryAfter;

    public TokenEndpointException(
            Kind kind,
            @Nullable String errorCode,
            String message,
            @Nullable Duration retryAfter,
            @Nullable Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** What kind of failure it was. */
    public Kind kind() {
        return kind;
    }

    /** The provider's RFC 6749 error code ({@code invalid_grant}), when it sent one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** How long the provider asked to wait ({@code Retry-After}), when it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
