package dev.connections.spi;

import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.StoredSecret;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Transactional storage of connections and custom apps, every query scoped by workspace.
 *
 * <p>The library's rules (one default per app, successor choice, name uniqueness, validation) live in
 * core; an implementation supplies storage and atomicity. All writes to one app go through {@link
 * #modify}, which runs the caller's work against a consistent, exclusively held view of that app's
 * connections and applies its changes all or nothing. An id from another workspace must behave exactly
 * like an id that does not exist. The contract is {@code ConnectionRepositoryContract} in
 * connections-tck.
 */
public interface ConnectionRepository {

    /** The connection with this id in this workspace. */
    Optional<Connection> find(WorkspaceId workspace, ConnectionId id);

    /** All connections of one app in the workspace, in no particular order. */
    List<Connection> list(WorkspaceId workspace, IntegrationId integration);

    /** The app's default connection, if it has connections. */
    Optional<Connection> findDefault(WorkspaceId workspace, IntegrationId integration);

    /**
     * The default connection together with its stored secret, for the trigger path; empty when the app
     * has no default or its key is not in {@code secrets}. Reads take no lock, so a key replacement can
     * commit between the two reads of the default implementation: the facade then reads again under
     * {@link #modify}. A store that keeps both in one database overrides this with one query.
     */
    default Optional<ResolvedRecord> findDefaultWithSecret(
            WorkspaceId workspace, IntegrationId integration, SecretStore secrets) {
        return findDefault(workspace, integration)
                .flatMap(c -> secrets.get(workspace, c.secretRef()).map(s -> new ResolvedRecord(c, s)));
    }

    /** Number of connections per app, only apps with at least one. */
    Map<IntegrationId, Integer> countByIntegration(WorkspaceId workspace);

    /**
     * Runs {@code work} with exclusive, consistent access to one app's connections and commits its
     * changes atomically; if {@code work} throws, nothing it did is kept and the exception propagates.
     * Writes to different apps may run in parallel. A {@link SecretStore} that shares this repository's
     * storage joins the same transaction when called from inside {@code work} (see {@link
     * #sharesTransactionsWith}).
     *
     * <p>Faults: an implementation may run {@code work} again after a failure that is known to have
     * changed nothing (a deadlock, a connection lost before COMMIT). When it cannot know whether the
     * change was saved (the connection was lost during COMMIT) it must not run {@code work} again; it
     * throws {@link dev.connections.error.OutcomeUnknownException}, and the facade settles the outcome by
     * calling {@code modify} again with a unit of work that only reads. Any other {@link
     * dev.connections.error.StorageException} means nothing was saved.
     */
    <T> T modify(WorkspaceId workspace, IntegrationId integration, AppWork<T> work);

    /** The workspace's custom app with this id. */
    Optional<Integration> findCustomApp(WorkspaceId workspace, IntegrationId id);

    /** All custom apps of the workspace, in no particular order. */
    List<Integration> customApps(WorkspaceId workspace);

    /**
     * Stores a new custom app; returns false and changes nothing if the workspace already has one with
     * this id.
     */
    boolean addCustomApp(WorkspaceId workspace, Integration app);

    /** A unit of work on one app, run by {@link #modify}. */
    @FunctionalInterface
    interface AppWork<T> {
        /**
         * Reads and changes {@code app}; may be run again after a deadlock or a lost connection, so it must
         * depend only on {@code app}.
         */
        T run(AppState app);
    }

    /** A connection and its encrypted key, read together. */
    record ResolvedRecord(Connection connection, StoredSecret secret) {}

    /**
     * One app's connections inside {@link #modify}: read them, then insert, update or delete.
     *
     * <p>Changes are visible through {@link #connections()} at once and stored when the unit of work
     * returns.
     */
    interface AppState {

        /** The workspace this unit of work is scoped to. */
        WorkspaceId workspace();

        /** The app this unit of work holds exclusively. */
        IntegrationId integration();

        /** The app's connections as they stand now inside this unit of work. */
        List<Connection> connections();

        /**
         * Adds a connection of this workspace and app.
         *
         * @throws dev.connections.error.DuplicateConnectionNameException if the name is taken ({@code CheckedAppState.nameKey})
         */
        void insert(Connection connection);

        /**
         * Adds several connections of this workspace and app, in order, each checked as {@link #insert} checks
         * it; like every change, all of them are stored when the unit of work returns or none is. Used by bulk
         * import. The default inserts them one by one; an adapter that can send them as one batch overrides it
         * (the JDBC adapter already batches the writes of a unit of work, so it keeps the default).
         *
         * @throws dev.connections.error.DuplicateConnectionNameException if a name is taken (case-insensitive),
         *     by a stored connection or an earlier one of the list
         */
        default void insertAll(List<Connection> connections) {
            connections.forEach(this::insert);
        }

        /**
         * Replaces the stored connection with the same id by {@code updated}, whose version must be
         * exactly one more than the stored one.
         *
         * @throws dev.connections.error.StaleConnectionException if the stored version is not {@code
         *     updated.version() - 1}
         * @throws dev.connections.error.ConnectionNotFoundException if it is not there
         */
        void update(Connection updated);

        /**
         * Removes the connection.
         *
         * @throws dev.connections.error.ConnectionNotFoundException if it is not there
         */
        void delete(ConnectionId id);
    }

    /**
     * Keeps a started OAuth 2.0 authorization until its callback {@linkplain #takeAuthorizationState takes}
     * it, in storage every instance of the host shares. The default throws: a repository that does not
     * override the three state methods supports API keys only.
     *
     * @throws IllegalStateException if a state with the same hash is already kept
     */
    default void saveAuthorizationState(AuthorizationState state) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep OAuth 2.0 authorization states");
    }

    /**
     * Removes and returns the state with this hash, atomically: of two callbacks carrying the same state, at
     * most one gets it. An expired state is returned too, so the caller can say it expired.
     */
    default Optional<AuthorizationState> takeAuthorizationState(String stateHash) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep OAuth 2.0 authorization states");
    }

    /**
     * Deletes the states that expired before {@code cutoff}, of every workspace.
     *
     * @return how many were deleted
     */
    default int purgeAuthorizationStates(java.time.Instant cutoff) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep OAuth 2.0 authorization states");
    }

    /**
     * Whether writes to {@code secrets}, made inside this repository's {@link #modify}, commit and roll back with
     * that unit of work (a table in the same database, on the same connection). An adapter that builds both
     * decides this when it builds them.
     *
     * <p>False by default, which is always safe: the facade then stores a new key before the unit of work
     * and removes a replaced or deleted one only once the change is known to be committed, so a key that a
     * committed row may reference is never destroyed. When true, the facade makes those writes inside the
     * unit of work, where a rollback undoes them.
     */
    default boolean sharesTransactionsWith(SecretStore secrets) {
        return false;
    }
}
