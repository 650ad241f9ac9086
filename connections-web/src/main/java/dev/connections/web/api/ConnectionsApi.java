package dev.connections.web.api;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.verify.ConnectionStatus;
import dev.connections.web.Caller;
import dev.connections.web.WebAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The Connections HTTP API as plain method calls: each takes the {@link Caller} the host's access SPI
 * resolved and the request's inputs, refuses an action the caller is not allowed (deny by default), and calls
 * the facade as the caller's actor in the caller's workspace, so every write names the actor in events and
 * the audit line. Bad input throws {@link ConnectionValidationException} with field errors before anything is
 * stored; an id of another workspace behaves exactly as an unknown one. Keys read from a request are wiped once
 * the facade has them stored (the request's JSON text is the host's to let go of).
 */
public final class ConnectionsApi {
    /** The most items one page of a list may ask for. */
    public static final int MAX_LIMIT = 200;
    /** The most connections one import may carry. */
    public static final int MAX_IMPORT = 500;
    /** The longest search text accepted. */
    public static final int MAX_QUERY = 200;

    private final Connections connections;

    /** An API over {@code connections}, shared by every request. */
    public ConnectionsApi(Connections connections) {
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** {@code GET {api}/me}: any signed-in caller may ask who they are and what they may do. */
    public MeView me(Caller caller) {
        return MeView.of(caller);
    }

    /** {@code GET {api}/apps}: the workspace's connected apps with their counts (B1). */
    public Page<AppView> apps(Caller caller, int limit, int offset) {
        allow(caller, WebAction.VIEW);
        checkPaging(limit, offset);
        List<AppView> all = connections.connectedApps(caller.workspace()).stream()
                .map(AppView::of)
                .toList();
        return Page.slice(all, limit, offset);
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
        List<IntegrationSummaryView> all = connections.exploreIntegrations(caller.workspace(), q).stream()
                .map(IntegrationSummaryView::of)
                .toList();
        return Page.slice(all, limit, offset);
    }

    /** {@code GET {api}/integrations/{integrationId}}: a catalog app or a custom app of the workspace. */
    public IntegrationView integration(Caller caller, String integrationId) {
        allow(caller, WebAction.VIEW);
        IntegrationId id = Inputs.integrationId(integrationId);
        return IntegrationView.of(connections
                .integration(caller.workspace(), id)
                .orElseThrow(() -> new IntegrationNotFoundException(caller.workspace(), id)));
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
     * {@code DELETE {api}/connections/{id}}: deletes the connection and destroys its key (B7), against the
     * version in {@code If-Match}; says which connection became the default when it was the default.
     */
    public DeletedView delete(Caller caller, String connectionId, @Nullable String ifMatch) {
        allow(caller, WebAction.DELETE);
        ConnectionId id = Inputs.connectionId(connectionId);
        long expected = Inputs.expectedVersion(ifMatch);
        WorkspaceId workspace = caller.workspace();
        Connection deleted = existing(workspace, id);
        acting(caller).deleteConnection(workspace, id, expected);
        ConnectionView newDefault = null;
        if (deleted.isDefault()) {
            newDefault = connections.connections(workspace, deleted.integration()).stream()
                    .filter(Connection::isDefault)
                    .findFirst()
                    .map(c -> view(workspace, c))
                    .orElse(null);
        }
        return new DeletedView(id.toString(), newDefault);
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
