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
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ConnectionRepository} held in memory: lock-free reads of an immutable snapshot per workspace,
 * and one lock per app for {@link #modify}, so writes to different apps run in parallel.
 *
 * <p>A unit of work edits a private copy of the app's connections; the copy replaces the app's part of the
 * workspace's snapshot only when the work returns, which gives all-or-nothing changes without undo logic.
 * A workspace's snapshot is one array of its connections (see {@link WorkspaceRows}), and an app's lock
 * exists only while a unit of work holds or awaits it, so at rest a connection costs little more than its
 * record. Started OAuth 2.0 authorizations are kept by state hash, each taken at most once. Nothing
 * survives a restart, and nothing is shared with another instance: use the JDBC adapter for that.
 */
public final class InMemoryConnectionRepository implements ConnectionRepository {

    private final ConcurrentHashMap<WorkspaceId, WorkspaceRows> workspaces = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<AppKey, AppLock> appLocks = new ConcurrentHashMap<>();
    private final Map<WorkspaceId, Map<IntegrationId, Integration>> customApps = new ConcurrentHashMap<>();
    private final Map<String, AuthorizationState> authorizationStates = new ConcurrentHashMap<>();

    /** Creates an empty repository. */
    public InMemoryConnectionRepository() {}

    @Override
    public Optional<Connection> find(WorkspaceId workspace, ConnectionId id) {
        return Optional.ofNullable(rows(workspace).find(id));
    }

    @Override
    public List<Connection> list(WorkspaceId workspace, IntegrationId integration) {
        return rows(workspace).app(integration);
    }

    @Override
    public Optional<Connection> findDefault(WorkspaceId workspace, IntegrationId integration) {
        return Optional.ofNullable(rows(workspace).defaultOf(integration));
    }

    @Override
    public Map<IntegrationId, Integer> countByIntegration(WorkspaceId workspace) {
        return rows(workspace).counts();
    }

    @Override
    public <T> T modify(WorkspaceId workspace, IntegrationId integration, AppWork<T> work) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(work, "work");
        AppKey key = new AppKey(workspace, integration);
        AppLock lock = lock(key);
        try {
            // Only this lock's holders change the app's rows, so what is read here stays current until unlock.
            Draft draft = new Draft(workspace, integration, rows(workspace).app(integration));
            T result = work.run(draft);
            if (draft.changed) {
                Collection<Connection> after = draft.result().values();
                // Writers of other apps of the workspace publish too: compute swaps the snapshot atomically.
                workspaces.compute(workspace, (k, current) -> {
                    WorkspaceRows next = (current == null ? WorkspaceRows.EMPTY : current).withApp(integration, after);
                    return next.isEmpty() ? null : next;
                });
            }
            return result;
        } finally {
            unlock(key, lock);
        }
    }

    @Override
    public Optional<Integration> findCustomApp(WorkspaceId workspace, IntegrationId id) {
        Map<IntegrationId, Integration> apps = customApps.get(workspace);
        return apps == null ? Optional.empty() : Optional.ofNullable(apps.get(id));
    }

    @Override
    public List<Integration> customApps(WorkspaceId workspace) {
        Map<IntegrationId, Integration> apps = customApps.get(workspace);
        return apps == null ? List.of() : List.copyOf(apps.values());
    }

    @Override
    public boolean addCustomApp(WorkspaceId workspace, Integration app) {
        Objects.requireNonNull(app, "app");
        return customApps
                        .computeIfAbsent(workspace, w -> new ConcurrentHashMap<>())
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

    private WorkspaceRows rows(WorkspaceId workspace) {
        WorkspaceRows rows = workspaces.get(workspace);
        return rows == null ? WorkspaceRows.EMPTY : rows;
    }

    private AppLock lock(AppKey key) {
        AppLock lock = appLocks.compute(key, (k, held) -> {
            AppLock l = held == null ? new AppLock() : held;
            l.users++;
            return l;
        });
        lock.lock();
        return lock;
    }

    private void unlock(AppKey key, AppLock lock) {
        lock.unlock();
        // The last user drops the lock, so idle apps keep none.
        appLocks.compute(key, (k, held) -> --lock.users == 0 ? null : lock);
    }

    private record AppKey(WorkspaceId workspace, IntegrationId app) {}

    /** An app's lock while in use; {@code users} (holder and waiters) changes only inside the map's compute. */
    @SuppressWarnings("serial")
    private static final class AppLock extends ReentrantLock {
        int users;
    }

    /** The private working copy a unit of work edits; the rules are core's, storing is a no-op until commit. */
    private static final class Draft extends CheckedAppState {
        boolean changed;

        Draft(WorkspaceId workspace, IntegrationId integration, Collection<Connection> stored) {
            super(workspace, integration, stored);
        }

        @Override
        protected void storeInsert(Connection connection) {
            changed = true;
        }

        @Override
        protected void storeUpdate(Connection stored, Connection updated) {
            changed = true;
        }

        @Override
        protected void storeDelete(ConnectionId id) {
            changed = true;
        }

        Map<ConnectionId, Connection> result() {
            return rows();
        }
    }
}
