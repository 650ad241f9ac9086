package dev.connections.examples.web;

import dev.connections.examples.web.Views.FormState;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;

/**
 * A rejected form, kept in the session for the one page load that follows its redirect
 * (post/redirect/get): what was typed (never the key, which {@link FormState} cannot hold) and the
 * field messages. It is for one page only and for a short time, and any page load removes it, so an
 * old error never reappears later.
 */
final class FormFlash {
    private static final String SESSION_KEY = "flash-form";
    /** Long enough for a slow redirect, short enough that a form left in another tab is not revived. */
    private static final Duration LIFETIME = Duration.ofMinutes(2);

    private record Entry(String path, FormState form, Instant expires) {}

    private FormFlash() {}

    /** Leaves {@code form} for the next load of {@code path}. */
    static void put(Context ctx, String path, FormState form) {
        ctx.sessionAttribute(SESSION_KEY, new Entry(path, form, Instant.now().plus(LIFETIME)));
    }

    /** The form left for this page, removing it; {@link FormState#NONE} when there is none. */
    static FormState take(Context ctx) {
        if (ctx.req().getSession(false) == null) {
            return FormState.NONE;
        }
        Entry entry = ctx.consumeSessionAttribute(SESSION_KEY);
        if (entry == null || !entry.path().equals(ctx.path()) || Instant.now().isAfter(entry.expires())) {
            return FormState.NONE;
        }
        return entry.form();
    }
}
