package dev.connections.web.api;

import dev.connections.web.Caller;
import dev.connections.web.WebAction;
import java.util.List;

/**
 * {@code GET {api}/me}: who the page is talking to, so it shows only what the caller may do.
 *
 * @param workspace the caller's workspace id
 * @param actor who is named in events and audit lines
 * @param allowed the caller's actions, in {@link WebAction} order
 */
public record MeView(String workspace, ActorView actor, List<WebAction> allowed) {

    /** The actor as the page shows it. */
    public record ActorView(String id, String displayName) {}

    static MeView of(Caller caller) {
        List<WebAction> allowed =
                java.util.Arrays.stream(WebAction.values()).filter(caller::may).toList();
        return new MeView(
                caller.workspace().value(),
                new ActorView(caller.actor().id(), caller.actor().displayName()),
                allowed);
    }
}
