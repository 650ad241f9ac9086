package dev.connections.spi;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Where each connection's {@link ConnectionStatus} lives: its last key check and when it was last used. Kept
 * apart from the connection rows on purpose: a status write takes no app lock, bumps no version and never
 * races an edit. Statuses are advisory: a lost write costs a badge, never a key.
 *
 * <p>Implementations are thread-safe. The facade writes uses in the background, in batches, at most once
 * per connection per minute; it never calls this store on the trigger path's thread.
 */
public interface ConnectionStatusStore {

    /** Records {@code verification} as the connection's last check, replacing an earlier one. */
    void recordVerification(WorkspaceId workspace, ConnectionId connection, Verification verification);

    /** Drops the connection's last check, keeping its last use: its key was replaced and not yet checked. */
    void clearVerification(WorkspaceId workspace, ConnectionId connection);

    /**
     * Records that each connection was used at its instant; a stored later use is kept (writes from several
     * host instances may arrive out of order).
     */
    void recordUses(Collection<Use> uses);

    /** The statuses of a workspace's connections that have one; connections never checked or used are absent. */
    Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace);

    /** Drops a deleted connection's status; nothing happens when it has none. */
    void forget(WorkspaceId workspace, ConnectionId connection);

    /** One use of a connection: a trigger got it at {@code at}. */
    record Use(WorkspaceId workspace, ConnectionId connection, Instant at) {
        public Use {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(at, "at");
        }
    }
}
