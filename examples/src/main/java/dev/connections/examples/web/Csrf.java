package dev.connections.examples.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * Synchronizer-token CSRF protection: one random token per session, required on every request that
 * changes state, as the form field {@value #FIELD} or the header {@value #HEADER}.
 */
final class Csrf {
    static final String FIELD = "_csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final String SESSION_KEY = "csrf-token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Csrf() {}

    /** The session's token, created on first use. */
    static String token(Context ctx) {
        String token = ctx.sessionAttribute(SESSION_KEY);
        if (token == null) {
            byte[] bytes = new byte[32];
            RANDOM.nextBytes(bytes);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            ctx.sessionAttribute(SESSION_KEY, token);
        }
        return token;
    }

    /** Rejects a state-changing request whose token is missing or not the session's. */
    static void check(Context ctx) {
        if (SAFE.contains(ctx.method())) {
            return;
        }
        // Without a session there is no token to match: never create one here.
        String expected = ctx.req().getSession(false) == null ? null : ctx.sessionAttribute(SESSION_KEY);
        String given = ctx.header(HEADER);
        if (given == null) {
            given = ctx.formParam(FIELD);
        }
        if (expected == null
                || given == null
                || !MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw new Rejected();
        }
    }

    /** A state-changing request without the right token; answered with 403 and nothing changed. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Rejected() {
            super("CSRF token missing or wrong", null, false, false);
        }
    }
}
