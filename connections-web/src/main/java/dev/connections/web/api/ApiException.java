package dev.connections.web.api;

/**
 * A request the API refuses before it reaches the facade: not signed in, an action the caller may not take,
 * or a write without the version it was made against. The binding turns {@link #status()} into the response
 * status; the message is safe to show.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the request was refused, with the HTTP status that says it. */
    public enum Reason {
        /** No caller: the request carries no principal the host recognises. */
        NOT_SIGNED_IN(401, "Sign in to manage connections."),
        /** The caller may not take this action. */
        NOT_ALLOWED(403, "You are not allowed to do this."),
        /** A write on an existing connection without {@code If-Match}. */
        VERSION_REQUIRED(
                428,
                "Send If-Match with the connection's ETag (its version), so a change made by someone else in"
                        + " the meantime is not overwritten.");

        private final int status;
        private final String message;

        Reason(int status, String message) {
            this.status = status;
            this.message = message;
        }

        /** The HTTP status of the refusal. */
        public int status() {
            return status;
        }
    }

    private final Reason reason;

    /** A refusal with its standard message. */
    public ApiException(Reason reason) {
        super(reason.message);
        this.reason = reason;
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }

    /** The HTTP status of the refusal. */
    public int status() {
        return reason.status;
    }
}
