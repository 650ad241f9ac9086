package dev.connections;

import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each connection's status for the page: last key check, last use, and which apps need attention because
 * their default's key was rejected. Statuses are advisory, so a failing store costs a WARN, never a write.
 */
final class ConnectionStatuses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionStatuses.class);

    private final ConnectionStatusStore store;
    private final ConnectionRepository repository;
    private final UsageMarks usage;

    ConnectionStatuses(
            ConnectionStatusStore store, ConnectionRepository repository, Clock clock, Duration usageFlushInterval) {
        this.store = store;
        this.repository = repository;
        this.usage = new UsageMarks(store, clock, usageFlushInterval);
    }

    void used(Connection connection) {
        usage.used(connection);
    }

    /** Keeps a check's result; {@code verification} null means the key changed and is not yet checked. */
    void checked(WorkspaceId workspace, ConnectionId id, @Nullable Verification verification) {
        try {
            if (verification != null) {
                store.recordVerification(workspace, id, verification);
            } else {
                store.clearVerification(workspace, id);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not store the check result of connection {}", id, e);
        }
    }

    void deleted(WorkspaceId workspace, ConnectionId id) {
        try {
            store.forget(workspace, id);
        } catch (RuntimeException e) {
            LOG.warn("Could not drop the status of deleted connection {}", id, e);
        }
    }

    /** The statuses of {@code connections}, in their order; never checked or used ones are UNKNOWN. */
    Map<ConnectionId, ConnectionStatus> of(WorkspaceId workspace, List<Connection> connections) {
        Map<ConnectionId, ConnectionStatus> stored = store.statuses(workspace);
        Map<ConnectionId, ConnectionStatus> result = new LinkedHashMap<>();
        for (Connection c : connections) {
            result.put(c.id(), stored.getOrDefault(c.id(), ConnectionStatus.UNKNOWN));
        }
        return result;
    }

    /** AppDirectory whose default connection's key was rejected at its last check. */
    Set<IntegrationId> needingAttention(WorkspaceId workspace) {
        Set<IntegrationId> apps = new HashSet<>();
        store.statuses(workspace).forEach((id, status) -> {
            if (status.keyRejected()) {
                repository.find(workspace, id).filter(Connection::isDefault).ifPresent(c -> apps.add(c.integration()));
            }
        });
        return apps;
    }

    /** Writes pending "last used" times and stops the background writer. */
    @Override
    public void close() {
        usage.close();
    }
}
