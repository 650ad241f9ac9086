package dev.connections.examples.web;

import dev.connections.id.WorkspaceId;
import java.util.List;
import java.util.Optional;

/**
 * A workspace of the demo; a real host takes the workspace from the signed-in user instead.
 *
 * @param slug the id used in URLs and in the library
 * @param displayName what the switcher shows
 */
public record DemoWorkspace(String slug, String displayName) {

    /** The two workspaces the switcher offers, to show that each one sees only its own connections. */
    static final List<DemoWorkspace> ALL =
            List.of(new DemoWorkspace("acme", "Acme Inc."), new DemoWorkspace("globex", "Globex Corporation"));

    static Optional<DemoWorkspace> find(String slug) {
        return ALL.stream().filter(w -> w.slug.equals(slug)).findFirst();
    }

    WorkspaceId id() {
        return WorkspaceId.of(slug);
    }

    /** Root of this workspace's Settings › Connections pages. */
    public String base() {
        return "/w/" + slug + "/settings/connections";
    }
}
