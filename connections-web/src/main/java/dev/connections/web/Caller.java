package dev.connections.web;

import dev.connections.id.Actor;
import dev.connections.id.WorkspaceId;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, as the host's {@link ConnectionsAccess} decided it: the workspace every read and write is
 * scoped to, the actor named in events and audit lines, and the actions allowed (none unless listed).
 */
public record Caller(WorkspaceId workspace, Actor actor, Set<WebAction> allowed) {

    public Caller {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(actor, "actor");
        allowed = allowed.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowed));
    }

    /** Whether this caller may do {@code action}. */
    public boolean may(WebAction action) {
        return allowed.contains(action);
    }
}
