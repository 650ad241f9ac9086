package dev.connections.inmemory;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.AuthorizationState;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.support.CheckedAppState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ConnectionRepository} held in memory: lock-free reads of immutable per-app snapshots, and one
 * lock per app for {@link #modify}, so writes to different apps run in parallel.
 *
 * <p>A unit of work edits a private copy of the app's connections; the copy replaces the snapshot only
 * when the work returns, which gives all-or-nothing changes without undo logic. Started OAuth 2.0
 * authorizations are kept by state hash, each taken at most once. Nothing survives a restart, and nothing is
 * shared with another instance: use the JDBC adapter for that.
 */
public final class InMemoryConnectionRepository implements ConnectionRepository {

    private final Map<WorkspaceId, Workspace> workspaces = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationState> authorizationStates = new ConcurrentHashMap<>();

    /** Creates an empty repository. */
    public InMemoryConnectionRepository() {}

    @Override
    public Optional<Connection> find(WorkspaceId workspace, ConnectionId id) {
        Workspace ws = workspaces.get(workspace);
        if (ws == null) {
            return Optional.empty();
        }
        IntegrationId app = ws.appOf.get(id);
        if (app == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ws.app(app).snapshot.get(id));
    }

    @Override
    public List<Connection> list(WorkspaceId workspace, IntegrationId integration) {
        Workspace ws = workspaces.get(workspace);
        if (ws == null) {
            return List.of();
        }
        App app = ws.apps.get(integration);
        return app == null ? List.of() : List.copyOf(app.snapshot.values());
    }

    @Override
    public Optional<Connection> findDefault(WorkspaceId workspace, IntegrationId integration) {
        return list(workspace, integration).stream()
                .filter(Connection::isDefault)
                .findFirst();
    }

    @Override
    public Map<IntegrationId, Integer> countByIntegration(WorkspaceId workspace) {
        Workspace ws = workspaces.get(workspace);
        if (ws == null) {
            return Map.of();
        }
        Map<IntegrationId, Integer> counts = new LinkedHashMap<>();
        ws.apps.forEach((id, app) -> {
            int n = app.snapshot.size();
            if (n > 0) {
                counts.put(id, n);
            }
        });
        return Collections.unmodifiableMap(counts);
    }

    @Override
    public <T> T modify(WorkspaceId workspace, IntegrationId integration, AppWork<T> work) {
        Objects.requireNonNull(work, "work");
        Workspace ws = workspaces.computeIfAbsent(workspace, w -> new Workspace());
        App app = ws.app(integration);
        app.lock.lock();
        try {
            Draft draft = new Draft(workspace, integration, app.snapshot);
            T result = work.run(draft);
            // Publish the index before the snapshot for inserts, so a reader that sees a new row can find
            // it by id; deleted ids leave the index after the snapshot stops showing them.
            draft.result().keySet().forEach(id -> ws.appOf.put(id, integration));
            app.snapshot = Collections.unmodifiableMap(new LinkedHashMap<>(draft.result()));
            draft.deleted.forEach(ws.appOf::remove);
            return result;
        } finally {
            app.lock.unlock();
        }
    }

    @Override
    public Optional<Integration> findCustomApp(WorkspaceId workspace, IntegrationId id) {
        Workspace ws = workspaces.get(workspace);
        return ws == null ? Optional.empty() : Optional.ofNullable(ws.customApps.get(id));
    }

    @Override
    public List<Integration> customApps(WorkspaceId workspace) {
        Workspace ws = workspaces.get(workspace);
        return ws == null ? List.of() : List.copyOf(ws.customApps.values());
    }

    @Override
    public boolean addCustomApp(WorkspaceId workspace, Integration app) {
        Objects.requireNonNull(app, "app");
        return workspaces
                        .computeIfAbsent(workspace, w -> new Workspace())
                        .customApps
                        .putIfAbsent(app.id(), app)
                == null;
    }

    @Override
    public void saveAuthorizationState(AuthorizationState state) {
        Objects.requireNonNull(state, "state");
        if (authorizationStates.putIfAbsent(state.stateHash(), state) != null) {
            throw new IllegalStateException("An authorization state with this hash is already kept");
        }
    }

    /** The map's remove is atomic: of two takes of one hash, only one gets the state. */
    @Override
    public Optional<AuthorizationState> takeAuthorizationState(String stateHash) {
        Objects.requireNonNull(stateHash, "stateHash");
        return Optional.ofNullable(authorizationStates.remove(stateHash));
    }

    @Override
    public int purgeAuthorizationStates(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        int purged = 0;
        for (AuthorizationState state : authorizationStates.values()) {
            // Remove only this very state, so one a callback took meanwhile is not counted.
            if (state.expiresAt().isBefore(cutoff) && authorizationStates.remove(state.stateHash(), state)) {
                purged++;
            }
        }
        return purged;
    }

    @Override
    public String toString() {
        return "InMemoryConnectionRepository[workspaces=" + workspaces.size() + "]";
    }

    private static final class Workspace {
        final Map<IntegrationId, App> apps = new ConcurrentHashMap<>();
        final Map<ConnectionId, IntegrationId> appOf = new ConcurrentHashMap<>();
        final Map<IntegrationId, Integration> customApps = new ConcurrentHashMap<>();

        App app(IntegrationId id) {
            return apps.computeIfAbsent(id, k -> new App());
        }
    }

    private static final class App {
        final ReentrantLock lock = new ReentrantLock();
        volatile Map<ConnectionId, Connection> snapshot = Map.of();
    }

    /** The private working copy a unit of work edits; the rules are core's, storing is a no-op until commit. */
    private static final class Draft extends CheckedAppState {
        final List<ConnectionId> deleted = new ArrayList<>();

        Draft(WorkspaceId workspace, IntegrationId integration, Map<ConnectionId, Connection> snapshot) {
            super(workspace, integration, snapshot.values());
        }

        @Override
        protected void storeInsert(Connection connection) {}

        @Override
        protected void storeUpdate(Connection stored, Connection updated) {}

        @Override
        protected void storeDelete(ConnectionId id) {
            deleted.add(id);
        }

        Map<ConnectionId, Connection> result() {
            return rows();
        }
    }
}
