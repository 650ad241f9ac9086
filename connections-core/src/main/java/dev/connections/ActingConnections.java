package dev.connections;

import dev.connections.cache.ResolutionStats;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationMatch;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.ConnectedAppsSummary;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The facade as seen by one {@link Actor} ({@link Connections#as}): every call runs with that actor in scope,
 * so the events and audit lines of its writes name it. Shares everything with the facade it came from.
 */
final class ActingConnections implements Connections {
    // The calling thread's actor while a call of a view runs; writes run on the caller's thread.
    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    private final Connections facade;
    private final Actor actor;

    ActingConnections(Connections facade, Actor actor) {
        this.facade = facade;
        this.actor = actor;
    }

    /** The actor of the view whose call is running on this thread, if any. */
    static @Nullable Actor current() {
        return CURRENT.get();
    }

    private <T> T acting(Supplier<T> call) {
        Actor outer = CURRENT.get();
        CURRENT.set(actor);
        try {
            return call.get();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    @Override
    public Connections as(Actor other) {
        return facade.as(other);
    }

    @Override
    public List<ConnectedApp> connectedApps(WorkspaceId workspace) {
        return facade.connectedApps(workspace);
    }

    @Override
    public ConnectedAppsSummary connectedApps(WorkspaceId workspace, int limit) {
        return facade.connectedApps(workspace, limit);
    }

    @Override
    public List<Connection> connections(WorkspaceId workspace, IntegrationId integration) {
        return facade.connections(workspace, integration);
    }

    @Override
    public Optional<Connection> connection(WorkspaceId workspace, ConnectionId id) {
        return facade.connection(workspace, id);
    }

    @Override
    public List<IntegrationMatch> exploreIntegrations(WorkspaceId workspace, String query) {
        return facade.exploreIntegrations(workspace, query);
    }

    @Override
    public Optional<Integration> integration(WorkspaceId workspace, IntegrationId id) {
        return facade.integration(workspace, id);
    }

    @Override
    public Connection addConnection(WorkspaceId workspace, IntegrationId integration, String name, Secret apiKey) {
        return acting(() -> facade.addConnection(workspace, integration, name, apiKey));
    }

    @Override
    public Connection addConnection(WorkspaceId workspace, NewConnection connection) {
        return acting(() -> facade.addConnection(workspace, connection));
    }

    @Override
    public List<Connection> importConnections(WorkspaceId workspace, List<NewConnection> connections) {
        return acting(() -> facade.importConnections(workspace, connections));
    }

    @Override
    public Connection addCustomConnection(WorkspaceId workspace, CustomConnectionSpec spec) {
        return acting(() -> facade.addCustomConnection(workspace, spec));
    }

    @Override
    public Connection editConnection(WorkspaceId workspace, ConnectionId id, ConnectionEdit edit) {
        return acting(() -> facade.editConnection(workspace, id, edit));
    }

    @Override
    public Connection setDefault(WorkspaceId workspace, ConnectionId id) {
        return acting(() -> facade.setDefault(workspace, id));
    }

    @Override
    public void deleteConnection(WorkspaceId workspace, ConnectionId id, long expectedVersion) {
        acting(() -> {
            facade.deleteConnection(workspace, id, expectedVersion);
            return null;
        });
    }

    @Override
    public ResolvedConnection resolveDefault(WorkspaceId workspace, IntegrationId integration) {
        return facade.resolveDefault(workspace, integration);
    }

    @Override
    public ResolvedConnection resolve(WorkspaceId workspace, ConnectionId id) {
        return facade.resolve(workspace, id);
    }

    @Override
    public void reloadKeys() {
        facade.reloadKeys();
    }

    @Override
    public RotationResult rotateKeys() {
        return acting(facade::rotateKeys);
    }

    @Override
    public KeyRotation.Builder keyRotation() {
        return facade.keyRotation();
    }

    @Override
    public Verification verifyConnection(WorkspaceId workspace, ConnectionId id) {
        return acting(() -> facade.verifyConnection(workspace, id));
    }

    @Override
    public ConnectionStatus status(WorkspaceId workspace, ConnectionId id) {
        return facade.status(workspace, id);
    }

    @Override
    public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace, IntegrationId integration) {
        return facade.statuses(workspace, integration);
    }

    @Override
    public long sweepOrphanedSecrets(Duration olderThan) {
        return acting(() -> facade.sweepOrphanedSecrets(olderThan));
    }

    @Override
    public BaseUrlPolicy baseUrlPolicy() {
        return facade.baseUrlPolicy();
    }

    @Override
    public ResolutionStats cacheStats() {
        return facade.cacheStats();
    }

    /** Does nothing: the view shares the facade, which its owner closes. */
    @Override
    public void close() {}
}
