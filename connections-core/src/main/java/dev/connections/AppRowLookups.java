package dev.connections;

import dev.connections.connection.Connection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.spi.ConnectionRepository.AppState;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Lookups in an app's rows inside a unit of work, shared by the writes and the trigger path. */
final class AppRowLookups {
    private AppRowLookups() {}

    static Optional<Connection> find(AppState state, ConnectionId id) {
        return state.connections().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /**
     * The row, checked against the version the caller saw.
     *
     * @throws ConnectionNotFoundException when it is not there
     * @throws StaleConnectionException when {@code expectedVersion} is given and differs
     */
    static Connection require(AppState state, ConnectionId id, @Nullable Long expectedVersion) {
        Connection stored = find(state, id).orElseThrow(() -> new ConnectionNotFoundException(state.workspace(), id));
        if (expectedVersion != null && stored.version() != expectedVersion) {
            throw new StaleConnectionException(id, expectedVersion, stored.version());
        }
        return stored;
    }
}
