package dev.connections;

import dev.connections.cache.ResolutionStats;
import dev.connections.cache.ResolveMetrics;
import dev.connections.catalog.Integration;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.NameRules;
import dev.connections.connection.ResolvedConnection;
import dev.connections.crypto.PreparedSecret;
import dev.connections.error.BaseUrlRefusedException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.SecretIntegrityException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionRepository.AppState;
import dev.connections.spi.ConnectionRepository.ResolvedRecord;
import dev.connections.spi.SecretStore;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger path (B8): the cached default connection with its ciphertext, the resolve metrics, and a
 * second read under the app's lock when a key replacement raced the lock-free read. A custom app whose
 * stored base URL the {@link BaseUrlPolicy} refuses is never handed out.
 */
final class Resolver {
    private static final Logger LOG = LoggerFactory.getLogger(Resolver.class);

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final ResolutionCache cache;
    private final ResolveMetrics metrics;
    private final AppDirectory apps;
    private final ActiveCipher keys;
    private final BaseUrlPolicy baseUrlPolicy;
    private final TokenRefresher tokens;

    Resolver(
            ConnectionRepository repository,
            SecretStore secrets,
            ResolveMetrics metrics,
            BaseUrlPolicy baseUrlPolicy,
            ResolutionCache cache,
            AppDirectory apps,
            ActiveCipher keys,
            TokenRefresher tokens) {
        this.tokens = tokens;
        this.repository = repository;
        this.secrets = secrets;
        this.metrics = metrics;
        this.cache = cache;
        this.apps = apps;
        this.keys = keys;
        this.baseUrlPolicy = baseUrlPolicy;
    }

    ResolvedConnection resolveDefault(WorkspaceId workspace, IntegrationId integration) {
        boolean timed = metrics != ResolveMetrics.NONE;
        long start = timed ? System.nanoTime() : 0L;
        // A hit makes no loader and no flag: the trigger path allocates only what it hands back.
        Optional<CachedResolution> found = cache.getIfServable(workspace, integration);
        boolean hit = found != null;
        if (found == null) {
            found = cache.load(workspace, integration, () -> load(workspace, integration));
        }
        if (timed) {
            record(integration, hit, found.isPresent(), System.nanoTime() - start);
        }
        if (found.isEmpty()) {
            throw new NoConnectionException(workspace, integration);
        }
        return toResolved(found.get());
    }

    ResolvedConnection resolve(Connection connection) {
        WorkspaceId workspace = connection.workspace();
        StoredSecret secret = secrets.get(workspace, connection.secretRef()).orElse(null);
        Connection current = connection;
        if (secret == null) {
            ResolvedRecord record = settled(
                            workspace,
                            connection.integration(),
                            state -> Optional.of(AppRowLookups.require(state, connection.id(), null)))
                    .orElseThrow(() -> missingSecret(connection.id()));
            current = record.connection();
            secret = record.secret();
        }
        return toResolved(cached(current, secret, apps.findOrRetired(workspace, current.integration())));
    }

    ResolutionStats stats() {
        return cache.stats();
    }

    private void record(IntegrationId integration, boolean cacheHit, boolean found, long nanos) {
        try {
            metrics.resolved(integration, cacheHit, found, nanos);
        } catch (RuntimeException e) {
            LOG.warn("Resolve metrics {} failed", metrics.getClass().getName(), e);
        }
    }

    private Optional<CachedResolution> load(WorkspaceId workspace, IntegrationId integration) {
        Optional<ResolvedRecord> found = repository.findDefaultWithSecret(workspace, integration, secrets);
        if (found.isEmpty() && repository.findDefault(workspace, integration).isPresent()) {
            found = settled(workspace, integration, state -> state.connections().stream()
                    .filter(Connection::isDefault)
                    .findFirst());
        }
        return found.map(
                record -> cached(record.connection(), record.secret(), apps.findOrRetired(workspace, integration)));
    }

    private CachedResolution cached(Connection connection, StoredSecret secret, Integration app) {
        if (connection.grant() != null) {
            return new CachedResolution(connection, secret, app);
        }
        PreparedSecret prepared = PreparedSecret.of(
                secret.sealed(), new SecretBinding(connection.workspace(), connection.id(), connection.secretRef()));
        // The key is opened with the cipher in use at that moment, so a reload in between is honoured.
        return new CachedResolution(
                connection, secret, app, new ResolvedConnection(connection, app, () -> keys.open(prepared)));
    }

    /**
     * Re-reads a connection and its secret under the app's write lock. Reads take no lock, so one that
     * lands inside a key replacement can see the old connection after its secret was destroyed; once
     * the lock is ours that replacement has committed, so an entry still missing is really missing.
     */
    private Optional<ResolvedRecord> settled(
            WorkspaceId workspace, IntegrationId integration, Function<AppState, Optional<Connection>> pick) {
        return repository.modify(workspace, integration, state -> pick.apply(state)
                .map(c -> new ResolvedRecord(
                        c, secrets.get(workspace, c.secretRef()).orElseThrow(() -> missingSecret(c.id())))));
    }

    private static SecretIntegrityException missingSecret(ConnectionId id) {
        return new SecretIntegrityException(
                "The stored key of connection " + id + " is missing from the secret store.");
    }

    private ResolvedConnection toResolved(CachedResolution entry) {
        Connection c = entry.connection();
        // A custom app stored before the policy was tightened must not reach the host's HTTP client.
        Integration app = entry.integration();
        if (app.isCustom()) {
            Optional<String> problem = baseUrlPolicy.check(app).problem();
            if (problem.isPresent()) {
                throw new BaseUrlRefusedException(
                        c.workspace(), app.id(), NameRules.forLog(app.displayName()), problem.get());
            }
        }
        SealedSecret sealed = entry.secret().sealed();
        if (c.grant() != null) {
            TokenRefresher.requireUsable(c, app);
            // The access token is refreshed ahead of its expiry, or after the app refused it, when the key is used.
            return new ResolvedConnection(
                    c, app, () -> tokens.accessToken(c, sealed, false), () -> tokens.accessToken(c, sealed, true));
        }
        ResolvedConnection resolved = entry.resolved();
        if (resolved != null) {
            return resolved;
        }
        SecretBinding binding = new SecretBinding(c.workspace(), c.id(), c.secretRef());
        return new ResolvedConnection(c, app, () -> keys.open(sealed, binding));
    }
}
