package dev.connections;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.util.Collection;
import java.util.Optional;

/**
 * The app of each connection this instance has lately seen, so that a write needing only the app ({@code
 * setDefault}, {@code deleteConnection}) takes the app's lock without reading the connection first.
 *
 * <p>A connection never moves to another app, so an entry is never wrong, only possibly about a connection
 * deleted since (by this or another instance): the unit of work then finds no such row under the lock and
 * reports it missing, as the read would have. Holds ids only, never names or keys; bounded.
 */
final class KnownConnectionApps {
    /** About 100 bytes an entry: a megabyte at most. */
    private static final int MAXIMUM_SIZE = 10_000;

    private record Key(WorkspaceId workspace, ConnectionId id) {}

    private final Cache<Key, IntegrationId> apps =
            Caffeine.newBuilder().maximumSize(MAXIMUM_SIZE).build();

    Connection remember(Connection connection) {
        apps.put(new Key(connection.workspace(), connection.id()), connection.integration());
        return connection;
    }

    <C extends Collection<Connection>> C rememberAll(C connections) {
        connections.forEach(this::remember);
        return connections;
    }

    Optional<IntegrationId> app(WorkspaceId workspace, ConnectionId id) {
        return Optional.ofNullable(apps.getIfPresent(new Key(workspace, id)));
    }

    void forget(WorkspaceId workspace, ConnectionId id) {
        apps.invalidate(new Key(workspace, id));
    }
}
