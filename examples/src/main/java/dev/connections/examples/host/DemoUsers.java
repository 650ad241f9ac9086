package dev.connections.examples.host;

import dev.connections.id.WorkspaceId;
import java.util.List;
import java.util.Optional;

/**
 * The example's two demo users: Alice manages the connections of workspace {@code acme}; Bob may only view
 * those of workspace {@code globex}. Demo passwords, printed in the README; never a real deployment's.
 */
final class DemoUsers {
    /** One demo user: sign-in name and password, workspace, and the authority naming what they may do. */
    record DemoUser(String username, String password, String workspace, String authority) {}

    static final List<DemoUser> ALL = List.of(
            new DemoUser("alice", "alice-demo", "acme", "CONNECTIONS_MANAGE"),
            new DemoUser("bob", "bob-demo", "globex", "CONNECTIONS_VIEW"));

    private DemoUsers() {}

    /** The workspace of the user signed in as {@code username}. */
    static Optional<WorkspaceId> workspaceOf(String username) {
        return ALL.stream()
                .filter(user -> user.username().equals(username))
                .findFirst()
                .map(user -> WorkspaceId.of(user.workspace()));
    }
}
