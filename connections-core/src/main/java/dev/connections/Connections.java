package dev.connections;

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
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.EncryptionKeys;
import dev.connections.secret.Secret;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one entry point for host code: everything the Settings › Connections page and the trigger path
 * need.
 *
 * <p>Build one with {@link ConnectionsBuilder#newBuilder()} at start-up and share it; it is thread-safe. Every method is
 * scoped by a workspace: an id of another workspace behaves exactly as an id that does not exist.
 * Writes are validated (all problems reported at once in a {@link ConnectionValidationException},
 * nothing changed), keep exactly one default per app that has connections, encrypt keys before they
 * are stored, notify {@link dev.connections.event.ConnectionListener}s and the {@code
 * connections.audit} logger, and invalidate the resolution cache before they return.
 */
public interface Connections extends AutoCloseable {

    // ---- B1: Your connected apps -------------------------------------------------------------

    /** AppDirectory with at least one connection, with their counts, sorted by display name case-insensitively. */
    List<ConnectedApp> connectedApps(WorkspaceId workspace);

    /**
     * This facade acting for {@code actor}: the same storage, cache and keys, but the events and {@code
     * connections.audit} lines of writes made through the returned view name the actor (outside a view they
     * name {@link Actor#SYSTEM}). Cheap: make one per request. Closing the view does nothing.
     */
    Connections as(Actor actor);

    /** The first {@code limit} of {@link #connectedApps(WorkspaceId)} and the total ("See all"). */
    ConnectedAppsSummary connectedApps(WorkspaceId workspace, int limit);

    /** The app's connections, default first, then by name case-insensitively. */
    List<Connection> connections(WorkspaceId workspace, IntegrationId integration);

    /** One connection of the workspace. */
    Optional<Connection> connection(WorkspaceId workspace, ConnectionId id);

    // ---- B2: Explore all integrations ---------------------------------------------------------

    /**
     * Catalog integrations matching {@code query}, best first (exact name, name prefix, word prefix,
     * substring; case-, accent- and punctuation-insensitive); a blank query lists them all. Each result
     * says whether the workspace already has a connection to it.
     *
     * @param query at most {@value dev.connections.catalog.IntegrationSearch#MAX_QUERY_LENGTH} characters
     *     (UTF-16 code units, counted as given, before normalisation); null is a blank query
     * @throws ConnectionValidationException with a field error on {@code query} when it is longer; nothing
     *     is searched
     */
    List<IntegrationMatch> exploreIntegrations(WorkspaceId workspace, String query);

    /** A catalog integration, or one of the workspace's custom apps. */
    Optional<Integration> integration(WorkspaceId workspace, IntegrationId id);

    // ---- B3, B4: add ------------------------------------------------------------------------

    /**
     * Adds a connection to a catalog integration (B3). The first connection of an app becomes its
     * default.
     *
     * @throws ConnectionValidationException with field errors for {@code name} and {@code apiKey}
     * @throws IntegrationNotFoundException when the integration is unknown
     */
    Connection addConnection(WorkspaceId workspace, IntegrationId integration, String name, Secret apiKey);

    /** Same as {@link #addConnection(WorkspaceId, IntegrationId, String, Secret)}, with settings. */
    Connection addConnection(WorkspaceId workspace, NewConnection connection);

    /**
     * Adds a connection to a custom app the user describes (B4). The app is created in the workspace if
     * it has no custom app of that name yet; otherwise the existing one is used and must match.
     *
     * @throws ConnectionValidationException with field errors named as the spec's fields ({@code baseUrl} with
     *     every problem of {@link BaseUrlPolicy#problems(String)}, {@code settings.username} for a basic-auth
     *     spec that also names a setting {@code username}, {@code probePath} for a placeholder that is not one
     *     of the settings the app will store…), never an {@link IllegalArgumentException} from inside
     */
    Connection addCustomConnection(WorkspaceId workspace, CustomConnectionSpec spec);

    /**
     * Adds many connections of one workspace at once, e.g. keys moved in from another tool: each item is
     * validated as {@link #addConnection(WorkspaceId, NewConnection)} validates it, names must also differ from
     * the list's earlier items of the same app, and the first connection of an app becomes its default.
     *
     * <p>All or nothing on input: when any item has a problem, every problem of every item is reported at once,
     * under {@code items[i].name}, {@code items[i].apiKey}, {@code items[i].settings.x} or {@code
     * items[i].integration} (an unknown app), and nothing is stored. A valid list is stored app by app, each
     * app's connections and keys in one transaction (batched on JDBC), in the order apps first appear in the
     * list; listeners get a {@code Created} event per connection and other instances one change notice per app.
     * If storage fails, or a concurrent write takes a name, while storing a later app, the apps stored before
     * it stay stored and the exception says what went wrong (a taken name under {@code items[i].name}); {@link
     * #connections(WorkspaceId, IntegrationId)} shows what is there. API keys are not checked against the live API
     * here, whatever {@link ConnectionsBuilder#verifyBeforeSave} says: a bulk move should not send one request
     * per key; call {@link #verifyConnection} afterwards where it matters.
     *
     * @return the new connections, in the order of {@code connections}
     * @throws ConnectionValidationException with field errors per item; nothing is stored
     */
    List<Connection> importConnections(WorkspaceId workspace, List<NewConnection> connections);

    // ---- B5, B6, B7: edit, default, delete ----------------------------------------------------

    /**
     * Renames a connection and/or replaces its key (B5); a replaced key is destroyed.
     *
     * @throws ConnectionValidationException with field errors for {@code name} and {@code apiKey}
     * @throws StaleConnectionException when the connection changed since {@code edit.expectedVersion()}
     * @throws ConnectionNotFoundException when there is no such connection in the workspace
     */
    Connection editConnection(WorkspaceId workspace, ConnectionId id, ConnectionEdit edit);

    /** Makes this connection its app's default (B6), atomically taking the badge from the previous one. */
    Connection setDefault(WorkspaceId workspace, ConnectionId id);

    /**
     * Deletes a connection for good and destroys its key (B7). If it was the default, the {@link
     * dev.connections.connection.DefaultPolicy} promotes a successor.
     *
     * @throws StaleConnectionException when the connection changed since {@code expectedVersion}
     */
    void deleteConnection(WorkspaceId workspace, ConnectionId id, long expectedVersion);

    // ---- B8: trigger --------------------------------------------------------------------------

    /**
     * The app's default connection, for triggering it (B8). Served from a cache; the key stays encrypted
     * until {@link ResolvedConnection#withKey} is called.
     *
     * @throws NoConnectionException when the workspace has no connection for the app
     * @throws dev.connections.error.BaseUrlRefusedException when the app is a custom app whose stored base URL
     *     the current {@link Maintenance#baseUrlPolicy()} refuses (saved by an older version or under a looser policy)
     */
    ResolvedConnection resolveDefault(WorkspaceId workspace, IntegrationId integration);

    /**
     * An explicit connection, for triggering with a non-default one.
     *
     * @throws dev.connections.error.BaseUrlRefusedException as {@link #resolveDefault}
     */
    ResolvedConnection resolve(WorkspaceId workspace, ConnectionId id);

    /**
     * Checks the connection's key against the app's live API ("Test connection") with the {@link
     * ConnectionsBuilder#credentialVerifier}: valid, rejected (with the provider's short reason, never the
     * key), unreachable, or unsupported for an app without a check. Sends one request; changes nothing.
     *
     * @throws ConnectionNotFoundException when the workspace has no such connection
     */
    Verification verifyConnection(WorkspaceId workspace, ConnectionId id);

    /**
     * How the connection is doing: its last key check ({@link #verifyConnection}, or the check before it was
     * saved) and when a trigger last got it, to the minute. Statuses live in the {@link
     * ConnectionsBuilder#statusStore}; "last used" is written in the background, so it lags by up to the
     * {@link ConnectionsBuilder#usageFlushInterval}.
     *
     * @throws ConnectionNotFoundException when the workspace has no such connection
     */
    ConnectionStatus status(WorkspaceId workspace, ConnectionId id);

    /** The statuses of an app's connections, in the order of {@link #connections}. */
    Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace, IntegrationId integration);

    // ---- OAuth 2.0 ----------------------------------------------------------------------------

    /**
     * Connecting apps by OAuth 2.0 instead of an API key: the authorization code flow with PKCE, the client
     * credentials grant, reconnecting, deleting with revocation. Needs {@link ConnectionsBuilder#oauth}; without
     * it every flow is refused with a field error on {@code integration}. On a view made by {@link #as(Actor)},
     * flows are bound to that actor: a flow one user started cannot be finished by another.
     *
     * <p>With OAuth configured, {@link #deleteConnection} also revokes an OAuth connection's tokens at the
     * provider (best effort, after the connection is deleted).
     */
    dev.connections.oauth.OAuthConnections oauth();

    // ---- operators ----------------------------------------------------------------------------

    /**
     * The encryption keys that protect stored API keys: reload them from the {@link
     * dev.connections.spi.KeyProvider} and re-encrypt stored keys under the primary one.
     */
    EncryptionKeys encryptionKeys();

    /** Upkeep and introspection for operators: the orphan sweep, the base-URL policy, cache counters. */
    Maintenance maintenance();

    /** Stops background work (change feed subscriptions); the instance must not be used afterwards. */
    @Override
    void close();
}
