package dev.connections;

import static dev.connections.event.OperationObserver.Operation.ADD;
import static dev.connections.event.OperationObserver.Operation.DELETE;
import static dev.connections.event.OperationObserver.Operation.EDIT;
import static dev.connections.event.OperationObserver.Operation.IMPORT;
import static dev.connections.event.OperationObserver.Operation.RESOLVE;
import static dev.connections.event.OperationObserver.Operation.SET_DEFAULT;
import static dev.connections.event.OperationObserver.Operation.VERIFY;

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
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.event.OperationObserver;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.EncryptionKeys;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.Disconnection;
import dev.connections.oauth.OAuthConnections;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade: checks arguments and hands each call to the collaborator that owns it.
 *
 * <ul>
 *   <li>{@link PageListings}: connected apps, an app's connections, the catalog search (B1, B2);
 *   <li>{@link ConnectionWrites}: add, add custom, edit, set default, delete (B3–B7), each run by {@link
 *       AppWrites} so that no storage fault loses a key; {@link ConnectionImport}: many adds at once;
 *   <li>{@link Resolver}: the cached trigger path (B8);
 *   <li>{@link AppDirectory}: catalog and custom apps; {@link ActiveCipher}: the encryption keys in use, reload
 *       and rotation;
 *   <li>{@link ChangeNotices}: cache invalidation, notices to other instances, events;
 *   <li>{@link OrphanSweep}: API keys left behind by unsettled writes;
 *   <li>{@link KnownConnectionApps}: the app of each connection seen, so set default and delete need no read
 *       first.
 * </ul>
 *
 * <p>{@link #as(Actor)} makes a view that shares every collaborator and differs only in the actor it hands to
 * the writes, so a method is written once for both.
 */
final class DefaultConnections implements Connections {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnections.class);

    private final Parts parts;
    private final @Nullable Actor actor;

    /** Everything a facade and its views share. */
    private record Parts(
            ConnectionRepository repository,
            AppDirectory apps,
            ActiveCipher cipher,
            ChangeNotices notices,
            PageListings listings,
            KnownConnectionApps connectionApps,
            ConnectionWrites writes,
            ConnectionImport imports,
            Resolver resolver,
            ApiKeyChecks keyChecks,
            ConnectionStatuses statuses,
            Maintenance maintenance,
            OperationObserver observer,
            OAuthFlows oauth) {}

    DefaultConnections(Settings settings) {
        ConnectionRepository repository = settings.repository();
        ConnectionStatuses statuses = new ConnectionStatuses(
                settings.statusStore(), repository, settings.clock(), settings.usageFlushInterval());
        ApiKeyChecks keyChecks = new ApiKeyChecks(
                settings.credentialVerifier(), settings.verifyBeforeSave(), settings.clock(), statuses);
        AppDirectory apps = new AppDirectory(settings.catalog(), repository);
        ResolutionCache cache = new ResolutionCache(
                settings.cacheMaximumSize(),
                settings.cacheMaxStaleness(),
                settings.negativeCacheTtl(),
                settings.staleIfError());
        ActiveCipher cipher = new ActiveCipher(
                settings.keyProvider(),
                settings.secrets(),
                settings.keyUsageCounter(),
                settings.keyUsageReservation(),
                settings.keyUsageLimits(),
                cache);
        ChangeNotices notices = new ChangeNotices(settings.changeFeed(), settings.listeners(), cache);
        AppWrites appWrites = new AppWrites(repository, settings.secrets());
        InputValidation validation = new InputValidation(settings.baseUrlPolicy(), settings.catalog());
        TokenRefresher tokens = new TokenRefresher(
                repository,
                settings.secrets(),
                cipher,
                apps,
                notices,
                settings.oauthProtocol(),
                settings.oauthClients(),
                settings.clock(),
                settings.oauthRefreshMargin());
        Resolver resolver = new Resolver(
                repository,
                settings.secrets(),
                settings.metrics(),
                settings.baseUrlPolicy(),
                cache,
                apps,
                cipher,
                tokens);
        ConnectionNames names = new ConnectionNames(repository);
        ConnectionWrites writes = new ConnectionWrites(
                appWrites,
                names,
                validation,
                settings.defaultPolicy(),
                settings.clock(),
                apps,
                cipher,
                notices,
                keyChecks);
        this.parts = new Parts(
                repository,
                apps,
                cipher,
                notices,
                new PageListings(repository, apps),
                new KnownConnectionApps(),
                writes,
                new ConnectionImport(repository, appWrites, validation, settings.clock(), apps, cipher, notices),
                resolver,
                keyChecks,
                statuses,
                new OperatorCalls(
                        new OrphanSweep(repository, settings.secrets(), settings.clock()),
                        settings.baseUrlPolicy(),
                        resolver),
                settings.observer(),
                new OAuthFlows(
                        repository,
                        settings.secrets(),
                        apps,
                        cipher,
                        writes,
                        validation,
                        names,
                        settings.oauthProtocol(),
                        settings.oauthClients(),
                        settings.clock()));
        this.actor = null;
    }

    private DefaultConnections(Parts parts, Actor actor) {
        this.parts = parts;
        this.actor = actor;
    }

    @Override
    public Connections as(Actor actor) {
        return new DefaultConnections(parts, Objects.requireNonNull(actor, "actor"));
    }

    // ---- B1, B2 ----------------------------------------------------------------------------------

    @Override
    public List<ConnectedApp> connectedApps(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return parts.listings.connectedApps(workspace, parts.statuses.needingAttention(workspace));
    }

    @Override
    public ConnectedAppsSummary connectedApps(WorkspaceId workspace, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit cannot be negative");
        }
        List<ConnectedApp> all = connectedApps(workspace);
        return new ConnectedAppsSummary(all.subList(0, Math.min(limit, all.size())), all.size());
    }

    @Override
    public List<Connection> connections(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        return parts.connectionApps.rememberAll(parts.listings.connections(workspace, integration));
    }

    @Override
    public Optional<Connection> connection(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return parts.repository.find(workspace, id).map(parts.connectionApps::remember);
    }

    @Override
    public List<IntegrationMatch> exploreIntegrations(WorkspaceId workspace, String query) {
        return parts.listings.explore(Objects.requireNonNull(workspace, "workspace"), query);
    }

    @Override
    public Optional<Integration> integration(WorkspaceId workspace, IntegrationId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return parts.apps.find(workspace, id);
    }

    // ---- B3–B7 -----------------------------------------------------------------------------------

    @Override
    public Connection addConnection(WorkspaceId workspace, IntegrationId integration, String name, Secret apiKey) {
        return addConnection(workspace, new NewConnection(integration, name, apiKey));
    }

    @Override
    public Connection addConnection(WorkspaceId workspace, NewConnection request) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(request, "connection");
        return observed(
                ADD,
                request.integration(),
                () -> parts.connectionApps.remember(parts.writes.add(actor, workspace, request)));
    }

    @Override
    public Connection addCustomConnection(WorkspaceId workspace, CustomConnectionSpec spec) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(spec, "spec");
        return observed(ADD, null, () -> parts.connectionApps.remember(parts.writes.addCustom(actor, workspace, spec)));
    }

    @Override
    public List<Connection> importConnections(WorkspaceId workspace, List<NewConnection> connections) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(connections, "connections");
        return observed(
                IMPORT, null, () -> parts.connectionApps.rememberAll(parts.imports.run(actor, workspace, connections)));
    }

    @Override
    public Connection editConnection(WorkspaceId workspace, ConnectionId id, ConnectionEdit edit) {
        Objects.requireNonNull(edit, "edit");
        return observed(EDIT, null, () -> parts.writes.edit(actor, require(workspace, id), edit));
    }

    @Override
    public Connection setDefault(WorkspaceId workspace, ConnectionId id) {
        return observed(SET_DEFAULT, null, () -> parts.writes.setDefault(actor, workspace, id, appOf(workspace, id)));
    }

    @Override
    public void deleteConnection(WorkspaceId workspace, ConnectionId id, long expectedVersion) {
        if (parts.oauth.enabled()) {
            disconnect(workspace, id, expectedVersion);
            return;
        }
        observed(DELETE, null, () -> {
            parts.writes.delete(actor, workspace, id, appOf(workspace, id), expectedVersion);
            parts.connectionApps.forget(workspace, id);
            parts.statuses.deleted(workspace, id);
            return null;
        });
    }

    /** Deletes, and revokes at the provider what an OAuth connection held; read first, revoked once deleted. */
    private Disconnection disconnect(WorkspaceId workspace, ConnectionId id, long expectedVersion) {
        return observed(DELETE, null, () -> {
            Connection connection = require(workspace, id);
            Optional<TokenSet.Opened> tokens = parts.oauth.tokensOf(connection);
            try {
                parts.writes.delete(actor, workspace, id, connection.integration(), expectedVersion);
            } catch (RuntimeException | Error e) {
                tokens.ifPresent(TokenSet.Opened::close);
                throw e;
            }
            parts.connectionApps.forget(workspace, id);
            parts.statuses.deleted(workspace, id);
            return parts.oauth.revoke(connection, tokens);
        });
    }

    // ---- OAuth 2.0 ---------------------------------------------------------------------------------

    @Override
    public OAuthConnections oauth() {
        return new OAuthView();
    }

    /** The OAuth flows acting for this facade's actor. */
    private final class OAuthView implements OAuthConnections {
        @Override
        public AuthorizationStart startAuthorization(
                WorkspaceId workspace, IntegrationId integration, String name, URI redirectUri) {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(integration, "integration");
            return observed(
                    ADD, integration, () -> parts.oauth.start(actor, workspace, integration, name, redirectUri));
        }

        @Override
        public AuthorizationStart startCustomAuthorization(
                WorkspaceId workspace, CustomConnectionSpec spec, URI redirectUri) {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(spec, "spec");
            return observed(ADD, null, () -> parts.oauth.startCustom(actor, workspace, spec, redirectUri));
        }

        @Override
        public AuthorizationStart startReconnect(WorkspaceId workspace, ConnectionId connection, URI redirectUri) {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(connection, "connection");
            return observed(EDIT, null, () -> parts.oauth.startReconnect(actor, workspace, connection, redirectUri));
        }

        @Override
        public Connection completeAuthorization(WorkspaceId workspace, AuthorizationCallback callback) {
            return observed(
                    ADD, null, () -> parts.connectionApps.remember(parts.oauth.complete(actor, workspace, callback)));
        }

        @Override
        public Connection connectClientCredentials(WorkspaceId workspace, IntegrationId integration, String name) {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(integration, "integration");
            return observed(
                    ADD,
                    integration,
                    () -> parts.connectionApps.remember(
                            parts.oauth.connectClientCredentials(actor, workspace, integration, name)));
        }

        @Override
        public Disconnection disconnect(WorkspaceId workspace, ConnectionId connection, long expectedVersion) {
            return DefaultConnections.this.disconnect(workspace, connection, expectedVersion);
        }
    }

    // ---- B8 ----------------------------------------------------------------------------------------

    @Override
    public ResolvedConnection resolveDefault(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        if (parts.observer == OperationObserver.NONE) {
            // The trigger path without tracing: no scope, no lambda.
            return used(parts.resolver.resolveDefault(workspace, integration));
        }
        return observed(RESOLVE, integration, () -> used(parts.resolver.resolveDefault(workspace, integration)));
    }

    @Override
    public ResolvedConnection resolve(WorkspaceId workspace, ConnectionId id) {
        return observed(RESOLVE, null, () -> used(parts.resolver.resolve(require(workspace, id))));
    }

    private ResolvedConnection used(ResolvedConnection resolved) {
        parts.statuses.used(resolved.connection());
        return resolved;
    }

    @Override
    public Verification verifyConnection(WorkspaceId workspace, ConnectionId id) {
        // Not through resolve(): a check is not a use.
        return observed(
                VERIFY, null, () -> parts.keyChecks.verifyStored(parts.resolver.resolve(require(workspace, id))));
    }

    @Override
    public ConnectionStatus status(WorkspaceId workspace, ConnectionId id) {
        return parts.statuses.of(workspace, List.of(require(workspace, id))).get(id);
    }

    @Override
    public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace, IntegrationId integration) {
        return parts.statuses.of(workspace, connections(workspace, integration));
    }

    // ---- operators ---------------------------------------------------------------------------------

    @Override
    public EncryptionKeys encryptionKeys() {
        return parts.cipher;
    }

    @Override
    public Maintenance maintenance() {
        return parts.maintenance;
    }

    /** Closes the shared parts when called on the facade itself; a view made by {@link #as} does nothing. */
    @Override
    public void close() {
        if (actor == null) {
            parts.statuses.close();
            parts.notices.close();
        }
    }

    private Connection require(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return parts.connectionApps.remember(
                parts.repository.find(workspace, id).orElseThrow(() -> new ConnectionNotFoundException(workspace, id)));
    }

    /** The connection's app, remembered or read; its lock is what a write that needs nothing else takes. */
    private IntegrationId appOf(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return parts.connectionApps.app(workspace, id).orElseGet(() -> require(workspace, id)
                .integration());
    }

    /**
     * Runs {@code call} inside the observer's scope. The observer's own failures are logged and ignored: tracing
     * never changes what a call returns or throws.
     */
    private <T> T observed(OperationObserver.Operation operation, @Nullable IntegrationId app, Supplier<T> call) {
        OperationObserver.Observed scope = OperationObserver.Observed.NONE;
        try {
            scope = parts.observer.start(operation, app);
        } catch (RuntimeException e) {
            LOG.warn(
                    "Operation observer {} failed to start {}",
                    parts.observer.getClass().getName(),
                    operation,
                    e);
        }
        try {
            return call.get();
        } catch (RuntimeException | Error e) {
            try {
                scope.failed(e);
            } catch (RuntimeException observerFailure) {
                LOG.warn("Operation observer failed to record the failure of {}", operation, observerFailure);
            }
            throw e;
        } finally {
            try {
                scope.close();
            } catch (RuntimeException e) {
                LOG.warn("Operation observer failed to end {}", operation, e);
            }
        }
    }

    /** The operator calls that are not about encryption keys. */
    private record OperatorCalls(OrphanSweep sweep, BaseUrlPolicy baseUrlPolicy, Resolver resolver)
            implements Maintenance {
        @Override
        public long sweepOrphanedSecrets(Duration olderThan) {
            return sweep.run(olderThan);
        }

        @Override
        public ResolutionStats cacheStats() {
            return resolver.stats();
        }
    }
}
