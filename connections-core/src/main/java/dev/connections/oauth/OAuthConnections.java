package dev.connections.oauth;

import dev.connections.connection.Connection;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.net.URI;

/**
 * Connecting apps by OAuth 2.0 ({@code Connections.oauth()}): the authorization code flow with PKCE, the
 * client credentials grant, reconnecting a grant the provider refused, and deleting with revocation.
 *
 * <p>Connections made here are ordinary connections afterwards: listed, renamed, made default and resolved
 * like API-key connections; {@code resolveDefault} hands out a valid access token, refreshed ahead of
 * expiry, one refresh per connection at a time across every instance that shares the storage.
 */
public interface OAuthConnections {

    /**
     * Starts the authorization code flow for a new connection named {@code name}: returns the provider's URL
     * to send the user to. The state is stored server-side (any instance can finish the flow), used once,
     * valid for at most ten minutes and bound to the workspace, the acting user and {@code redirectUri}.
     *
     * @throws dev.connections.error.ConnectionValidationException with field errors on {@code name}, {@code
     *     integration} (not an OAuth app, or no client registered for it) or {@code redirectUri}
     */
    AuthorizationStart startAuthorization(
            WorkspaceId workspace, IntegrationId integration, String name, URI redirectUri);

    /**
     * Starts the authorization code flow for a new connection to a custom app that grants access by OAuth 2.0
     * ({@link CustomConnectionSpec#oauth2()}, and no API key): the spec is validated as {@code
     * addCustomConnection} validates it, and its authorization, token and revocation URLs pass the same {@code
     * BaseUrlPolicy} as its base URL. The custom app is created now unless the workspace has one of that name
     * with the same definition (base URL, token placement and OAuth 2.0 description); the connection is made
     * by {@link #completeAuthorization}, as for catalog apps.
     *
     * <p>The client id and secret are the host's, from its {@code OAuthClients} for the custom app's id
     * ({@link dev.connections.id.IntegrationId#isCustom()}), as for catalog apps.
     *
     * @throws dev.connections.error.ConnectionValidationException with field errors under the spec's names
     *     ({@code appName}, {@code baseUrl}, {@code oauth2.authorizationUrl}, {@code oauth2.tokenUrl}, {@code
     *     oauth2.revocationUrl}, {@code oauth2.scopes}, {@code connectionName}, ...), {@code apiKey} when a key is
     *     given, {@code oauth2} when the spec has no OAuth 2.0 description or no client is registered, and {@code
     *     redirectUri}
     */
    AuthorizationStart startCustomAuthorization(WorkspaceId workspace, CustomConnectionSpec spec, URI redirectUri);

    /**
     * Starts the flow again for a connection whose grant needs a reconnect; completing it gives the
     * connection new tokens and keeps its id, name and default badge.
     */
    AuthorizationStart startReconnect(WorkspaceId workspace, ConnectionId connection, URI redirectUri);

    /**
     * Finishes a flow: takes the state (once), exchanges the code with the PKCE verifier and stores the
     * connection (an app's first connection becomes its default). Nothing is stored when it fails.
     *
     * @throws dev.connections.error.AuthorizationFailedException with the reason: the user denied access,
     *     the state is unknown, used, expired or not this workspace's or user's, or the provider refused the code
     * @throws dev.connections.error.StorageException when storage fails; the state may be spent, so the user
     *     starts connecting again
     */
    Connection completeAuthorization(WorkspaceId workspace, AuthorizationCallback callback);

    /**
     * Connects an app with the client credentials grant: fetches a token now and a new one whenever it
     * expires (never a refresh).
     */
    Connection connectClientCredentials(WorkspaceId workspace, IntegrationId integration, String name);

    /**
     * Deletes a connection and revokes its tokens at the provider where the app declares a revocation
     * endpoint (RFC 7009). The connection is deleted whether or not the revocation succeeds.
     */
    Disconnection disconnect(WorkspaceId workspace, ConnectionId connection, long expectedVersion);
}
