package dev.connections;

import dev.connections.connection.Connection;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionRepository.AppState;
import dev.connections.spi.support.CheckedAppState;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The rule that a connection's name is free within its app, checked early for the form and again under the lock. */
final class ConnectionNames {
    private final ConnectionRepository repository;

    ConnectionNames(ConnectionRepository repository) {
        this.repository = repository;
    }

    /** Under the app's lock: a taken name fails the unit of work. */
    static void requireFree(AppState state, String name, @Nullable ConnectionId except, String field) {
        if (taken(state.connections(), name, except)) {
            throw field.equals("name")
                    ? new DuplicateConnectionNameException()
                    : ConnectionValidationException.of(field, DuplicateConnectionNameException.MESSAGE);
        }
    }

    /** Early, unlocked duplicate check so a taken name is reported with the other field errors. */
    void checkFree(
            WorkspaceId workspace,
            IntegrationId app,
            String name,
            @Nullable ConnectionId except,
            String field,
            FieldErrors errors) {
        if (errors.has(field)) {
            return;
        }
        if (taken(repository.list(workspace, app), name, except)) {
            errors.add(field, DuplicateConnectionNameException.MESSAGE);
        }
    }

    /** CheckedAppState's rule, applied to the name as the facade will store it. */
    private static boolean taken(List<Connection> connections, String name, @Nullable ConnectionId except) {
        return CheckedAppState.nameTaken(connections, InputValidation.normalizeName(name), except);
    }
}
