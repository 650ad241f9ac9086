package dev.connections.id;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who made a change: a person of the host's (their id and display name) or the library and host themselves
 * ({@link #SYSTEM}). Events and audit lines carry it; see {@code Connections.as(Actor)}.
 *
 * @param id the host's id for the person: 1–128 letters, digits or {@code . _ : @ -}, safe in logs
 * @param displayName how people know them, 1–200 characters without control or format characters
 */
public record Actor(String id, String displayName) {
    private static final Pattern INVISIBLE = Pattern.compile(".*[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}].*", Pattern.DOTALL);

    // After the patterns: static fields initialise in order, and this one runs the constructor.
    /** Changes nobody in particular made: calls outside {@code as(actor)}, background work. */
    public static final Actor SYSTEM = new Actor("system", "System");

    public Actor {
        Objects.requireNonNull(id, "actor id");
        Objects.requireNonNull(displayName, "actor display name");
        // The same rule as workspace ids: an actor id goes into audit lines as it is.
        if (!WorkspaceId.FORMAT.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "An actor id has 1-128 letters, digits or . _ : @ - and starts with a letter or digit");
        }
        if (displayName.isBlank()
                || displayName.length() > 200
                || INVISIBLE.matcher(displayName).matches()) {
            throw new IllegalArgumentException(
                    "An actor's display name has 1-200 characters and no control or format characters");
        }
    }

    /** Same as the constructor. */
    public static Actor of(String id, String displayName) {
        return new Actor(id, displayName);
    }

    /** Whether this is {@link #SYSTEM}. */
    public boolean isSystem() {
        return equals(SYSTEM);
    }
}
