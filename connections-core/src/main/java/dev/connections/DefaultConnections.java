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
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.id.Actor;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.RotationResult;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The facade: checks arguments and hands each call to the collaborator that owns it.
 *
 * <ul>
 *   <li>{@link Listings}: connected apps, an app's connections, the catalog search (B1, B2);
 *   <li>{@link ConnectionWrites}: add, add custom, edit, set default, delete (B3–B7), each run by {@link
 *       AppWrites} so that no storage fault loses a key; {@link ConnectionImport}: many adds at once;
 *   <li>{@link Resolver}: the cached trigger path (B8);
 *   <li>{@link Apps}: catalog and custom apps; {@link Keys}: the cipher, reload and rotation;
 *   <li>{@link ChangeNotices}: cache invalidation, notices to other instances, events;
 *   <li>{@link OrphanSweep}: keys left behind by unsettled writes;
 *   <li>{@link ConnectionApps}: the app of each connection seen, so set default and delete need no read first.
 * </ul>
 */
final class DefaultConnections implements Connections {
    private final ConnectionRepository repository;
    private final Apps apps;
    private final Keys keys;
    private final ResolutionCache cache;
    private final ChangeNotices notices;
    private final Listings listings;
    private final ConnectionApps connectionApps;
    private final ConnectionWrites writes;
    private final ConnectionImport imports;
    private final Resolver resolver;
    private final OrphanSweep sweep;
    private final BaseUrlPolicy baseUrlPolicy;
    private final KeyChecks keyChecks;
    private final Statuses statuses;

    DefaultConnections(Settings settings) {
        this.repository = settings.repository();
        this.baseUrlPolicy = settings.baseUrlPolicy();
        this.statuses = new Statuses(settings);
        this.keyChecks = new KeyChecks(settings, statuses);
        this.apps = new Apps(settings.catalog(), repository);
        this.keys = new Keys(settings);
        this.cache = new ResolutionCache(
                settings.cacheMaximumSize(),
                settings.cacheMaxStaleness(),
                settings.negativeCacheTtl(),
                settings.staleIfError());
        this.notices = new ChangeNotices(settings, cache);
        this.listings = new Listings(repository, apps);
        this.connectionApps = new ConnectionApps();
        this.writes = new ConnectionWrites(settings, apps, keys, notices, keyChecks);
        this.imports = new ConnectionImport(settings, apps, keys, notices);
        this.resolver = new Resolver(settings, cache, apps, keys);
        this.sweep = new OrphanSweep(repository, settings.secrets(), settings.clock());
    }

    @Override
    public Connections as(Actor actor) {
        return new ActingConnections(this, Objects.requireNonNull(actor, "actor"));
    }

    // ---- B1, B2 ----------------------------------------------------------------------------------

    @Override
    public List<ConnectedApp> connectedApps(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        return listings.connectedApps(workspace, statuses.needingAttention(workspace));
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
        return connectionApps.rememberAll(listings.connections(workspace, integration));
    }

    @Override
    public Optional<Connection> connection(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return repository.find(workspace, id).map(connectionApps::remember);
    }

    @Override
    public List<IntegrationMatch> exploreIntegrations(WorkspaceId workspace, String query) {
        return listings.explore(Objects.requireNonNull(workspace, "workspace"), query);
    }

    @Override
    public Optional<Integration> integration(WorkspaceId workspace, IntegrationId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return apps.find(workspace, id);
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
        return connectionApps.remember(writes.add(workspace, request));
    }

    @Override
    public Connection addCustomConnection(WorkspaceId workspace, CustomConnectionSpec spec) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(spec, "spec");
        return connectionApps.remember(writes.addCustom(workspace, spec));
    }

    @Override
    public List<Connection> importConnections(WorkspaceId workspace, List<NewConnection> connections) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(connections, "connections");
        return connectionApps.rememberAll(imports.run(workspace, connections));
    }

    @Override
    public Connection editConnection(WorkspaceId workspace, ConnectionId id, ConnectionEdit edit) {
        Objects.requireNonNull(edit, "edit");
        return writes.edit(require(workspace, id), edit);
    }

    @Override
    public Connection setDefault(WorkspaceId workspace, ConnectionId id) {
        return writes.setDefault(workspace, id, appOf(workspace, id));
    }

    @Override
    public void deleteConnection(WorkspaceId workspace, ConnectionId id, long expectedVersion) {
        writes.delete(workspace, id, appOf(workspace, id), expectedVersion);
        connectionApps.forget(workspace, id);
        statuses.deleted(workspace, id);
    }

    // ---- B8 ----------------------------------------------------------------------------------------

    @Override
    public ResolvedConnection resolveDefault(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        return used(resolver.resolveDefault(workspace, integration));
    }

    @Override
    public ResolvedConnection resolve(WorkspaceId workspace, ConnectionId id) {
        return used(resolver.resolve(require(workspace, id)));
    }

    private ResolvedConnection used(ResolvedConnection resolved) {
        statuses.used(resolved.connection());
        return resolved;
    }

    @Override
    public Verification verifyConnection(WorkspaceId workspace, ConnectionId id) {
        // Not through resolve(): a check is not a use.
        return keyChecks.verifyStored(resolver.resolve(require(workspace, id)));
    }

    @Override
    public ConnectionStatus status(WorkspaceId workspace, ConnectionId id) {
        return statuses.of(workspace, List.of(require(workspace, id))).get(id);
    }

    @Override
    public Map<ConnectionId, ConnectionStatus> statuses(WorkspaceId workspace, IntegrationId integration) {
        return statuses.of(workspace, connections(workspace, integration));
    }

    // ---- upkeep ------------------------------------------------------------------------------------

    @Override
    public void reloadKeys() {
        keys.reload();
        // Nothing may be served from ciphertext under a key that was just removed.
        cache.invalidateAll();
    }

    @Override
    public RotationResult rotateKeys() {
        return keyRotation().build().run();
    }

    @Override
    public KeyRotation.Builder keyRotation() {
        return keys.rotation();
    }

    @Override
    public long sweepOrphanedSecrets(Duration olderThan) {
        return sweep.run(olderThan);
    }

    @Override
    public BaseUrlPolicy baseUrlPolicy() {
        return baseUrlPolicy;
    }

    @Override
    public ResolutionStats cacheStats() {
        return resolver.stats();
    }

    @Override
    public void close() {
        statuses.close();
        notices.close();
    }

    private Connection require(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return connectionApps.remember(
                repository.find(workspace, id).orElseThrow(() -> new ConnectionNotFoundException(workspace, id)));
    }

    /** The connection's app, remembered or read; its lock is what a write that needs nothing else takes. */
    private IntegrationId appOf(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return connectionApps.app(workspace, id).orElseGet(() -> require(workspace, id)
                .integration());
    }
}
