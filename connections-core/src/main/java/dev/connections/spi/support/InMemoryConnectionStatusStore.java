package dev.connections.spi.support;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Statuses in this process's memory: the builder's default, right for tests and single instances; lost on
 * restart and not shared between instances (the JDBC adapter's store is both durable and shared).
 */
public final class InMemoryConnectionStatusStore implements ConnectionStatusStore {
    private final Map<WorkspaceId, Map<ConnectionId, ConnectionStatus>> byWorkspace = new ConcurrentHashMap<>();

    @Override
    public void recordVerification(WorkspaceId workspace, ConnectionId connection, Verification verification) {
        of(workspace)
                .merge(
                        connection,
                        ConnectionStatus.UNKNOWN.withVerification(verification),
                        (old, fresh) -> old.withVerification(verification));
    }

    @Override
    public void clearVerification(WorkspaceId workspace, ConnectionId connection) {
        of(workspace).computeIfPresent(connection, (id, old) -> new ConnectionStatus(null, old.lastUsedAt()));
    }

    @Override
    public void recordUses(Collection<Use> uses) {
        for (Use use : uses) {
            of(use.workspace())
                    .merge(
                            use.connection(),
                            ConnectionStatus.UNKNOWN.usedAt(use.at()),
                            (old, fresh) -> old.usedAt(use.at()));
        }
    }

    @Override
    public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace) {
        Map<ConnectionId, ConnectionStatus> statuses = byWorkspace.get(workspace);
        return statuses == null ? Map.of() : Map.copyOf(statuses);
    }

    @Override
    public void forget(WorkspaceId workspace, ConnectionId connection) {
        Map<ConnectionId, ConnectionStatus> statuses = byWorkspace.get(workspace);
        if (statuses != null) {
            statuses.remove(connection);
        }
    }

    private Map<ConnectionId, ConnectionStatus> of(WorkspaceId workspace) {
        return byWorkspace.computeIfAbsent(workspace, w -> new ConcurrentHashMap<>());
    }
}
