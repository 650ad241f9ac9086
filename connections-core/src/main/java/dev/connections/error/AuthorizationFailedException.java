package dev.connections.error;

import java.util.Objects;

/** An OAuth 2.0 authorization did not produce a connection; nothing was stored. */
public class AuthorizationFailedException extends ConnectionsException {
    private static final long serialVersionUID = 1L;

    /** Why it failed. */
    public enum Reason {
        /** The user declined at the provider ({@code error=access_denied}). */
        ACCESS_DENIED,
        /** The state is unknown: never issued, tampered with, or already used. */
        UNKNOWN_STATE,
        /** The state was issued more than its lifetime ago. */
        EXPIRED_STATE,
        /** The state belongs to another workspace or another user. */
        FOREIGN_STATE,
        /** The provider sent an error on the callback or refused to exchange the code. */
        PROVIDER_ERROR
    }

    private final Reason reason;

    public AuthorizationFailedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AuthorizationFailedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }
}
