package dev.connections.web.api;

import dev.connections.Connections;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationMatch;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.AuthorizationFailedException;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.error.StaleConnectionException;
import dev.connections.error.StorageException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.Disconnection;
import dev.connections.oauth.OAuthClients;
import dev.connections.secret.Secret;
import dev.connections.verify.ConnectionStatus;
import dev.connections.web.Caller;
import dev.connections.web.WebAction;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Connections HTTP API as plain method calls: each takes the {@link Caller} the host's access SPI
 * resolved and the request's inputs, refuses an action the caller is not allowed (deny by default), and calls
 * the facade as the caller's actor in the caller's workspace, so every write names the actor in events and
 * the audit line. Bad input throws {@link ConnectionValidationException} with field errors before anything is
 * stored; an id of another workspace behaves exactly as an unknown one. Keys read from a request are wiped once
 * the facade has them stored (the request's JSON text is the host's to let go of).
 */
public final class ConnectionsApi {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsApi.class);
    /** The most items one page of a list may ask for. */
    public static final int MAX_LIMIT = 200;
    /** The most connections one import may carry. */
    public static final int MAX_IMPORT = 500;
    /** The longest search text accepted. */
    public static final int MAX_QUERY = 200;

    private final Connections connections;
    private final @Nullable OAuthClients oauthClients;

    /**
     * An API over {@code connections}, shared by every request; an app is offered for OAuth 2.0 wherever the
     * catalog says it can be.
     */
    public ConnectionsApi(Connections connections) {
        this(connections, null);
    }

    /**
     * An API over {@code connections} that offers an app for OAuth 2.0 only where {@code oauthClients} (the
     * registrations the facade was built with) has a client for it; null offers every app the catalog declares.
     */
    public ConnectionsApi(Connections connections, @Nullable OAuthClients oauthClients) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.oauthClients = oauthClients;
    }

    /** {@code GET {api}/me}: any signed-in caller may ask who they are and what they may do. */
    public MeView me(Caller caller) {
        return MeView.of(caller);
    }

    /** {@code GET {api}/apps}: the workspace's connected apps with their counts (B1). */
    public Page<AppView> apps(Caller caller, int limit, int offset) {
        allow(caller, WebAction.VIEW);
        checkPaging(limit, offset);
        WorkspaceId workspace = caller.workspace();
        Page<ConnectedApp> page = Page.slice(connections.connectedApps(workspace), limit, offset);
        // Only the apps shown are looked into: "needs reconnect" is a fact of connections, not of the app.
        return new Page<>(
                page.items().stream()
                        .map(app -> AppView.of(
                                app, needsReconnect(workspace, app.integration().id())))
                        .toList(),
                page.total());
    }

    /** {@code GET {api}/integrations}: catalog search, best match first (B2); a blank query lists all. */
    public Page<IntegrationSummaryView> integrations(Caller caller, @Nullable String query, int limit, int offset) {
        allow(caller, WebAction.VIEW);
        Inputs inputs = new Inputs();
        String q = query == null ? "" : query;
        if (q.length() > MAX_QUERY) {
            inputs.add("q", "Search with at most " + MAX_QUERY + " characters.");
        }
        paging(inputs, limit, offset);
        inputs.throwIfAny();
        WorkspaceId workspace = caller.workspace();
        Page<IntegrationMatch> page = Page.slice(connections.exploreIntegrations(workspace, q), limit, offset);
        return new Page<>(
                page.items().stream()
                        .map(match -> IntegrationSummaryView.of(match, oauthGrants(workspace, match.integration())))
                        .toList(),
                page.total());
    }

    /** {@code GET {api}/integrations/{integrationId}}: a catalog app or a custom app of the workspace. */
    public IntegrationView integration(Caller caller, String integrationId) {
        allow(caller, WebAction.VIEW);
        IntegrationId id = Inputs.integrationId(integrationId);
        Integration integration = connections
                .integration(caller.workspace(), id)
                .orElseThrow(() -> new IntegrationNotFoundException(caller.workspace(), id));
        return IntegrationView.of(integration, oauthGrants(caller.workspace(), integration));
    }

    /** {@code GET {api}/apps/{integrationId}/connections}: the app's connections, default first. */
    public ItemList<ConnectionView> connections(Caller caller, String integrationId) {
        allow(caller, WebAction.VIEW);
        IntegrationId id = Inputs.integrationId(integrationId);
        WorkspaceId workspace = caller.workspace();
        if (connections.integration(workspace, id).isEmpty()) {
            throw new IntegrationNotFoundException(workspace, id);
        }
        List<Connection> list = connections.connections(workspace, id);
        Map<ConnectionId, ConnectionStatus> statuses = connections.statuses(workspace, id);
        return new ItemList<>(list.stream()
                .map(c -> ConnectionView.of(c, statuses.getOrDefault(c.id(), ConnectionStatus.UNKNOWN)))
                .toList());
    }

    /** {@code GET {api}/connections/{id}}. */
    public ConnectionView connection(Caller caller, String connectionId) {
        allow(caller, WebAction.VIEW);
        return view(caller.workspace(), existing(caller.workspace(), Inputs.connectionId(connectionId)));
    }

    /** {@code POST {api}/apps/{integrationId}/connections}: adds a connection to a catalog app (B3). */
    public ConnectionView add(Caller caller, String integrationId, @Nullable AddConnectionRequest body) {
        allow(caller, WebAction.ADD);
        IntegrationId id = Inputs.integrationId(integrationId);
        AddConnectionRequest request = body == null ? new AddConnectionRequest(null, null, null) : body;
        NewConnection connection = new NewConnection(
                id,
                Objects.requireNonNullElse(request.name(), ""),
                Inputs.key(request.apiKey()),
                Inputs.settings(request.settings()));
        try {
            return view(caller.workspace(), acting(caller).addConnection(caller.workspace(), connection));
        } finally {
            connection.apiKey().wipe();
        }
    }

    /** {@code POST {api}/custom-connections}: adds a connection to an app the user describes (B4). */
    public ConnectionView addCustom(Caller caller, @Nullable CustomConnectionRequest body) {
        allow(caller, WebAction.ADD);
        CustomConnectionRequest request =
                body == null ? new CustomConnectionRequest(null, null, null, null, null, null, null) : body;
        CustomAuth auth = CustomAuth.of(request.auth());
        CustomConnectionSpec.Builder spec = auth.apply(CustomConnectionSpec.builder())
                .appName(Objects.requireNonNullElse(request.appName(), ""))
                .baseUrl(Objects.requireNonNullElse(request.baseUrl(), ""))
                .probePath(Objects.requireNonNullElse(request.probePath(), ""))
                .connectionName(Objects.requireNonNullElse(request.name(), ""))
                .apiKey(Inputs.key(request.apiKey()));
        Inputs.settings(request.settings()).forEach(spec::setting);
        CustomConnectionSpec built = spec.build();
        try {
            return view(caller.workspace(), acting(caller).addCustomConnection(caller.workspace(), built));
        } catch (ConnectionValidationException e) {
            throw Inputs.renamed(e, auth::requestField);
        } finally {
            built.apiKey().wipe();
        }
    }

    /**
     * {@code PATCH {api}/connections/{id}}: renames the connection or replaces its key (B5), against the
     * version in {@code If-Match}.
     */
    public ConnectionView edit(
            Caller caller, String connectionId, @Nullable String ifMatch, @Nullable EditConnectionRequest body) {
        allow(caller, WebAction.EDIT);
        ConnectionId id = Inputs.connectionId(connectionId);
        long expected = Inputs.expectedVersion(ifMatch);
        EditConnectionRequest request = body == null ? new EditConnectionRequest(null, null) : body;
        ConnectionEdit edit;
        if (request.name() != null && request.apiKey() == null) {
            edit = ConnectionEdit.rename(expected, request.name());
        } else if (request.apiKey() != null && request.name() == null) {
            edit = ConnectionEdit.replaceApiKey(expected, Inputs.key(request.apiKey()));
        } else if (request.name() == null) {
            throw ConnectionValidationException.of("name", "Send a new name, or a new API key.");
        } else {
            throw ConnectionValidationException.of(
                    "apiKey", "Rename and replace the key one at a time: send either name or apiKey.");
        }
        try {
            return view(caller.workspace(), acting(caller).editConnection(caller.workspace(), id, edit));
        } finally {
            edit.apiKey().ifPresent(Secret::wipe);
        }
    }

    /**
     * {@code POST {api}/connections/{id}/default}: makes the connection its app's default (B6), when it is
     * still at the version in {@code If-Match}. The facade's setDefault takes no expected version, so the
     * version is compared on a read just before the write: a change landing between the two is not detected
     * (the write then only moves the default badge, which the newer change did not lose).
     */
    public ConnectionView setDefault(Caller caller, String connectionId, @Nullable String ifMatch) {
        allow(caller, WebAction.SET_DEFAULT);
        ConnectionId id = Inputs.connectionId(connectionId);
        long expected = Inputs.expectedVersion(ifMatch);
        WorkspaceId workspace = caller.workspace();
        Connection current = existing(workspace, id);
        if (current.version() != expected) {
            throw new StaleConnectionException(id, expected, current.version());
        }
        return view(workspace, acting(caller).setDefault(workspace, id));
    }

    /**
     * {@code DELETE {api}/connections/{id}}: deletes the connection and destroys its key or tokens (B7), against
     * the version in {@code If-Match}; says which connection became the default when it was the default, and for
     * an OAuth connection whether its access was revoked at the provider.
     */
    public DeletedView delete(Caller caller, String connectionId, @Nullable String ifMatch) {
        allow(caller, WebAction.DELETE);
        ConnectionId id = Inputs.connectionId(connectionId);
        long expected = Inputs.expectedVersion(ifMatch);
        WorkspaceId workspace = caller.workspace();
        Connection deleted = existing(workspace, id);
        // disconnect deletes any connection; for an OAuth one it also says what the provider did with the revocation.
        Disconnection disconnection = acting(caller).oauth().disconnect(workspace, id, expected);
        ConnectionView newDefault = null;
        if (deleted.isDefault()) {
            newDefault = connections.connections(workspace, deleted.integration()).stream()
                    .filter(Connection::isDefault)
                    .findFirst()
                    .map(c -> view(workspace, c))
                    .orElse(null);
        }
        return new DeletedView(
                id.toString(), newDefault, disconnection.revocation().name());
    }

    /**
     * {@code POST {api}/apps/{integrationId}/oauth/authorizations}: starts connecting the app by OAuth 2.0 (the
     * authorization code flow with PKCE) as the caller; the page sends the browser to the returned URL, and the
     * provider sends it back to {@code redirectUri}, the API's callback. Nothing is stored but the flow's
     * single-use state.
     */
    public AuthorizationView startAuthorization(
            Caller caller, String integrationId, @Nullable OAuthStartRequest body, URI redirectUri) {
        allow(caller, WebAction.ADD);
        IntegrationId id = Inputs.integrationId(integrationId);
        String name = body == null ? "" : Objects.requireNonNullElse(body.name(), "");
        try {
            return AuthorizationView.of(
                    acting(caller).oauth().startAuthorization(caller.workspace(), id, name, redirectUri));
        } catch (ConnectionValidationException e) {
            throw Inputs.renamed(e, ConnectionsApi::oauthField);
        }
    }

    /**
     * {@code POST {api}/custom-connections/oauth/authorizations}: starts connecting a custom app the user
     * describes with its OAuth 2.0 endpoints (B4 without a key) as the caller, like {@link #startAuthorization}
     * for a catalog app: the app is made or reused when the flow starts, the client is the host's for the app's
     * id, and the provider sends the browser back to {@code redirectUri}. Nothing but the flow's state is stored
     * when the request is refused.
     */
    public AuthorizationView startCustomAuthorization(
            Caller caller, @Nullable CustomOAuthRequest body, URI redirectUri) {
        allow(caller, WebAction.ADD);
        CustomOAuthRequest request =
                body == null ? new CustomOAuthRequest(null, null, null, null, null, null, null) : body;
        CustomAuth auth = CustomAuth.of(request.auth());
        CustomConnectionSpec.Builder spec = auth.apply(CustomConnectionSpec.builder())
                .appName(Objects.requireNonNullElse(request.appName(), ""))
                .baseUrl(Objects.requireNonNullElse(request.baseUrl(), ""))
                .probePath(Objects.requireNonNullElse(request.probePath(), ""))
                .connectionName(Objects.requireNonNullElse(request.name(), ""))
                .oauth2(oauth2(request.oauth2()));
        Inputs.settings(request.settings()).forEach(spec::setting);
        try {
            return AuthorizationView.of(
                    acting(caller).oauth().startCustomAuthorization(caller.workspace(), spec.build(), redirectUri));
        } catch (ConnectionValidationException e) {
            throw Inputs.renamed(e, auth::requestField);
        }
    }

    /**
     * The request's OAuth 2.0 part as the facade's; absent URLs are empty, so the facade names each missing one
     * ({@code oauth2.authorizationUrl}, {@code oauth2.tokenUrl}) beside the other fields' errors.
     */
    private static CustomConnectionSpec.OAuth2 oauth2(CustomOAuthRequest.@Nullable OAuth2 sent) {
        CustomOAuthRequest.OAuth2 oauth2 =
                sent == null ? new CustomOAuthRequest.OAuth2(null, null, null, null, null) : sent;
        String method = Objects.requireNonNullElse(oauth2.clientAuthentication(), "CLIENT_SECRET_BASIC")
                .strip()
                .toUpperCase(Locale.ROOT);
        ClientAuthentication clientAuthentication =
                switch (method) {
                    case "", "CLIENT_SECRET_BASIC" -> ClientAuthentication.CLIENT_SECRET_BASIC;
                    case "CLIENT_SECRET_POST" -> ClientAuthentication.CLIENT_SECRET_POST;
                    default -> throw ConnectionValidationException.of(
                            "oauth2.clientAuthentication", "Choose CLIENT_SECRET_BASIC or CLIENT_SECRET_POST.");
                };
        List<String> scopes = oauth2.scopes() == null
                ? List.of()
                : oauth2.scopes().stream()
                        .map(scope -> Objects.requireNonNullElse(scope, ""))
                        .toList();
        return new CustomConnectionSpec.OAuth2(
                Objects.requireNonNullElse(oauth2.authorizationUrl(), ""),
                Objects.requireNonNullElse(oauth2.tokenUrl(), ""),
                Objects.requireNonNullElse(oauth2.revocationUrl(), ""),
                scopes,
                clientAuthentication);
    }

    /**
     * {@code POST {api}/connections/{id}/oauth/reconnect}: starts the flow again for a connection whose grant
     * the provider refused; finishing it keeps the connection's id, name and default badge.
     */
    public AuthorizationView startReconnect(Caller caller, String connectionId, URI redirectUri) {
        allow(caller, WebAction.EDIT);
        ConnectionId id = Inputs.connectionId(connectionId);
        try {
            return AuthorizationView.of(acting(caller).oauth().startReconnect(caller.workspace(), id, redirectUri));
        } catch (ConnectionValidationException e) {
            throw Inputs.renamed(e, ConnectionsApi::oauthField);
        }
    }

    /**
     * {@code POST {api}/apps/{integrationId}/oauth/client-credentials}: connects the app with the host's own
     * client (the client credentials grant): a token is fetched now, and again whenever it expires.
     */
    public ConnectionView connectClientCredentials(
            Caller caller, String integrationId, @Nullable OAuthStartRequest body) {
        allow(caller, WebAction.ADD);
        IntegrationId id = Inputs.integrationId(integrationId);
        String name = body == null ? "" : Objects.requireNonNullElse(body.name(), "");
        try {
            return view(
                    caller.workspace(), acting(caller).oauth().connectClientCredentials(caller.workspace(), id, name));
        } catch (ConnectionValidationException e) {
            throw Inputs.renamed(e, ConnectionsApi::oauthField);
        }
    }

    /**
     * {@code GET {api}/oauth/callback}: finishes a flow as the caller with what the provider sent back. Never
     * throws for what the provider or a crafted link sent: the result names a reason instead, so the binding
     * can always send the browser back to the page. The state is the defence against a forged callback: it is
     * single-use and bound to the caller's workspace and user, so a callback started by anyone else fails.
     *
     * @param caller the signed-in caller, or null when the request has none
     */
    public CallbackResult completeAuthorization(
            @Nullable Caller caller,
            @Nullable String state,
            @Nullable String code,
            @Nullable String error,
            @Nullable String errorDescription) {
        if (caller == null) {
            return CallbackResult.failed("signed-out");
        }
        if (!caller.may(WebAction.ADD) && !caller.may(WebAction.EDIT)) {
            return CallbackResult.failed("not-allowed");
        }
        if (state == null || state.isBlank()) {
            return CallbackResult.failed("unknown-state");
        }
        try {
            Connection connection = acting(caller)
                    .oauth()
                    .completeAuthorization(
                            caller.workspace(), new AuthorizationCallback(state, code, error, errorDescription));
            return CallbackResult.connected(
                    connection.integration().value(), connection.id().toString());
        } catch (AuthorizationFailedException e) {
            return CallbackResult.failed(callbackReason(e.reason()));
        } catch (DuplicateConnectionNameException e) {
            return CallbackResult.failed("name-taken");
        } catch (ConnectionValidationException e) {
            return CallbackResult.failed("invalid");
        } catch (ConnectionNotFoundException | IntegrationNotFoundException e) {
            return CallbackResult.failed("not-found");
        } catch (StorageException e) {
            LOG.warn("An OAuth callback could not be finished in storage: {}", e.getMessage());
            return CallbackResult.failed("unavailable");
        }
    }

    /** The callback reason code of a failed authorization. */
    static String callbackReason(AuthorizationFailedException.Reason reason) {
        return switch (reason) {
            case ACCESS_DENIED -> "access-denied";
            case UNKNOWN_STATE -> "unknown-state";
            case EXPIRED_STATE -> "expired-state";
            case FOREIGN_STATE -> "foreign-state";
            case PROVIDER_ERROR -> "provider-error";
        };
    }

    /** The request's name of a field the OAuth flows reported. */
    private static String oauthField(String facadeField) {
        return switch (facadeField) {
            case "integration" -> "integrationId";
            case "connection" -> "id";
            default -> facadeField;
        };
    }

    /** {@code POST {api}/connections/{id}/test}: checks the key against the app's live API; changes nothing. */
    public VerificationView test(Caller caller, String connectionId) {
        allow(caller, WebAction.TEST);
        ConnectionId id = Inputs.connectionId(connectionId);
        return VerificationView.of(acting(caller).verifyConnection(caller.workspace(), id));
    }

    /** {@code POST {api}/imports}: adds many connections at once; any problem stores nothing. */
    public ItemList<ConnectionView> importConnections(Caller caller, @Nullable ImportRequest body) {
        allow(caller, WebAction.ADD);
        List<ImportRequest.@Nullable Item> items = body == null || body.items() == null ? List.of() : body.items();
        Inputs inputs = new Inputs();
        if (items.isEmpty()) {
            inputs.add("items", "Send at least one connection.");
        } else if (items.size() > MAX_IMPORT) {
            inputs.add("items", "Import at most " + MAX_IMPORT + " connections at once.");
        }
        inputs.throwIfAny();
        List<NewConnection> list = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ImportRequest.Item item = items.get(i);
            String prefix = "items[" + i + "].";
            if (item == null) {
                inputs.add(prefix + "integrationId", "Choose an app.");
                continue;
            }
            Optional<IntegrationId> app = inputs.integrationId(item.integrationId(), prefix + "integrationId");
            app.ifPresent(id -> list.add(new NewConnection(
                    id,
                    Objects.requireNonNullElse(item.name(), ""),
                    Inputs.key(item.apiKey()),
                    Inputs.settings(item.settings()))));
        }
        inputs.throwIfAny();
        try {
            WorkspaceId workspace = caller.workspace();
            return new ItemList<>(acting(caller).importConnections(workspace, list).stream()
                    .map(c -> view(workspace, c))
                    .toList());
        } catch (ConnectionValidationException e) {
            throw Inputs.renamed(e, field -> field.endsWith("].integration") ? field + "Id" : field);
        } finally {
            list.forEach(connection -> connection.apiKey().wipe());
        }
    }

    /**
     * The OAuth 2.0 grants {@code integration} can be connected with in {@code workspace}: those the catalog
     * declares, where the host registered a client (when this API knows the registrations).
     */
    private List<String> oauthGrants(WorkspaceId workspace, Integration integration) {
        Optional<OAuth2Spec> spec = integration.credentials().oauth();
        if (spec.isEmpty()
                || (oauthClients != null
                        && oauthClients.client(workspace, integration.id()).isEmpty())) {
            return List.of();
        }
        return Arrays.stream(GrantType.values())
                .filter(spec.get()::offers)
                .map(GrantType::name)
                .toList();
    }

    private boolean needsReconnect(WorkspaceId workspace, IntegrationId integration) {
        return connections.connections(workspace, integration).stream()
                .anyMatch(c -> c.oauthGrant().map(OAuthGrant::needsReconnect).orElse(false));
    }

    private Connections acting(Caller caller) {
        return connections.as(caller.actor());
    }

    private Connection existing(WorkspaceId workspace, ConnectionId id) {
        return connections.connection(workspace, id).orElseThrow(() -> new ConnectionNotFoundException(workspace, id));
    }

    private ConnectionView view(WorkspaceId workspace, Connection connection) {
        return ConnectionView.of(connection, connections.status(workspace, connection.id()));
    }

    private static void allow(Caller caller, WebAction action) {
        if (!caller.may(action)) {
            throw new ApiException(ApiException.Reason.NOT_ALLOWED);
        }
    }

    private static void checkPaging(int limit, int offset) {
        Inputs inputs = new Inputs();
        paging(inputs, limit, offset);
        inputs.throwIfAny();
    }

    private static void paging(Inputs inputs, int limit, int offset) {
        if (limit < 1 || limit > MAX_LIMIT) {
            inputs.add("limit", "Ask for 1 to " + MAX_LIMIT + " items.");
        }
        if (offset < 0) {
            inputs.add("offset", "The offset is 0 or more.");
        }
    }
}
