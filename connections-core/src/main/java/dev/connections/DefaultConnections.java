package dev.connections;

import dev.connections.cache.CachedResolution;
import dev.connections.cache.ResolutionCache;
import dev.connections.cache.ResolutionStats;
import dev.connections.cache.ResolveMetrics;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationId;
import dev.connections.catalog.IntegrationMatch;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.SettingSpec;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.ConnectedAppsSummary;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.ConnectionId;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.DefaultPolicy;
import dev.connections.connection.NewConnection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyRotation;
import dev.connections.crypto.RotationResult;
import dev.connections.crypto.SecretCipher;
import dev.connections.event.AuditLog;
import dev.connections.event.ConnectionEvent;
import dev.connections.event.ConnectionListener;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionRepository.AppState;
import dev.connections.spi.IntegrationCatalog;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facade: applies validation, the default policy, encryption, caching and events, and leaves
 * storage to the SPIs.
 *
 * <p>Every write follows the same shape: validate everything first (nothing touched yet), encrypt
 * outside any lock, then one {@link ConnectionRepository#modify} unit of work, run by {@link AppWrites},
 * that re-reads the app and re-checks what can race (names, versions); after it commits, invalidate the
 * cache, tell other instances, and emit events. A unit of work may be re-run by a database adapter after
 * a deadlock or a lost connection, so it decides only from the state it is given, and every id, ref and
 * timestamp it writes is chosen before it runs: that is what lets a lost commit be settled by reading back.
 */
final class DefaultConnections implements Connections {
    private static final Logger LOG = LoggerFactory.getLogger(DefaultConnections.class);
    private static final int HINT_CHARS = 4;
    private static final Comparator<Connection> LISTING_ORDER = Comparator.comparing((Connection c) -> !c.isDefault())
            .thenComparing(c -> c.name().toLowerCase(Locale.ROOT))
            .thenComparing(Connection::createdAt)
            .thenComparing(Connection::id);
    private static final Comparator<Integration> BY_DISPLAY_NAME = Comparator.comparing(
                    (Integration i) -> i.displayName().toLowerCase(Locale.ROOT))
            .thenComparing(Integration::id);

    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final IntegrationCatalog catalog;
    private final KeyProvider keyProvider;
    // Replaced as a whole by reloadKeys(); every operation reads it once.
    private volatile SecretCipher cipher;
    private final DefaultPolicy defaultPolicy;
    private final List<ConnectionListener> listeners;
    private final @Nullable ChangeFeed changeFeed;
    private final Clock clock;
    private final ResolutionCache cache;
    private final ResolveMetrics metrics;
    private final InputValidation validation = new InputValidation();
    private final AppWrites writes;
    private final OrphanSweep sweep;

    DefaultConnections(ConnectionsBuilder b) {
        this.repository = Objects.requireNonNull(b.repository);
        this.secrets = Objects.requireNonNull(b.secretStore);
        this.catalog = Objects.requireNonNull(b.catalog);
        this.keyProvider = Objects.requireNonNull(b.keyProvider);
        this.cipher = new SecretCipher(
                keyProvider.keyRing(),
                b.keyUsageCounter != null ? b.keyUsageCounter : new InMemoryKeyUsageCounter(),
                b.keyUsageLimits);
        this.defaultPolicy = b.defaultPolicy;
        List<ConnectionListener> all = new ArrayList<>();
        all.add(new AuditLog());
        all.addAll(b.listeners);
        this.listeners = List.copyOf(all);
        this.clock = b.clock;
        this.cache = new ResolutionCache(b.cacheMaximumSize, b.cacheMaxStaleness, b.negativeCacheTtl, b.staleIfError);
        this.changeFeed = b.changeFeed;
        this.metrics = b.metrics;
        this.writes = new AppWrites(repository, secrets);
        this.sweep = new OrphanSweep(repository, secrets, clock);
        if (changeFeed != null) {
            changeFeed.subscribe(new ChangeFeed.Subscriber() {
                @Override
                public void workspaceChanged(WorkspaceId workspace) {
                    cache.invalidateWorkspace(workspace);
                }

                @Override
                public void appChanged(WorkspaceId workspace, IntegrationId integration) {
                    // One key, not a scan of the whole cache: remote notices name the app they are about.
                    cache.invalidate(workspace, integration);
                }

                @Override
                public void everythingChanged() {
                    cache.invalidateAll();
                }
            });
        }
    }

    // ---- reads ---------------------------------------------------------------------------------

    @Override
    public List<ConnectedApp> connectedApps(WorkspaceId workspace) {
        Objects.requireNonNull(workspace, "workspace");
        Map<IntegrationId, Integer> counts = repository.countByIntegration(workspace);
        if (counts.isEmpty()) {
            return List.of();
        }
        Map<IntegrationId, Integration> custom = new LinkedHashMap<>();
        if (counts.keySet().stream().anyMatch(IntegrationId::isCustom)) {
            repository.customApps(workspace).forEach(app -> custom.put(app.id(), app));
        }
        List<ConnectedApp> apps = new ArrayList<>(counts.size());
        counts.forEach((id, count) -> {
            if (count > 0) {
                Integration app =
                        id.isCustom() ? custom.get(id) : catalog.find(id).orElse(null);
                apps.add(new ConnectedApp(app == null ? retired(id) : app, count));
            }
        });
        apps.sort(Comparator.comparing(ConnectedApp::integration, BY_DISPLAY_NAME));
        return List.copyOf(apps);
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
        List<Connection> list = new ArrayList<>(repository.list(workspace, integration));
        list.sort(LISTING_ORDER);
        return List.copyOf(list);
    }

    @Override
    public Optional<Connection> connection(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return repository.find(workspace, id);
    }

    @Override
    public List<IntegrationMatch> exploreIntegrations(WorkspaceId workspace, String query) {
        Objects.requireNonNull(workspace, "workspace");
        Map<IntegrationId, Integer> counts = repository.countByIntegration(workspace);
        return catalog.search(query == null ? "" : query).stream()
                .map(app -> new IntegrationMatch(app, counts.getOrDefault(app.id(), 0) > 0))
                .toList();
    }

    @Override
    public Optional<Integration> integration(WorkspaceId workspace, IntegrationId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return id.isCustom() ? repository.findCustomApp(workspace, id) : catalog.find(id);
    }

    // ---- B3, B4 ----------------------------------------------------------------------------------

    @Override
    public Connection addConnection(WorkspaceId workspace, IntegrationId integration, String name, Secret apiKey) {
        return addConnection(workspace, new NewConnection(integration, name, apiKey));
    }

    @Override
    public Connection addConnection(WorkspaceId workspace, NewConnection request) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(request, "connection");
        Integration app = integration(workspace, request.integration())
                .orElseThrow(() -> new IntegrationNotFoundException(workspace, request.integration()));
        String name = InputValidation.normalizeName(request.name());
        FieldErrors errors = new FieldErrors();
        validation.checkName(name, "name", errors);
        validation.checkKey(request.apiKey(), app, "apiKey", errors);
        validation.checkSettings(request.settings(), app, errors);
        checkNameFree(workspace, app.id(), name, null, "name", errors);
        errors.throwIfAny();
        return insert(workspace, app, name, request.apiKey(), request.settings(), "name");
    }

    @Override
    public Connection addCustomConnection(WorkspaceId workspace, CustomConnectionSpec spec) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(spec, "spec");
        FieldErrors errors = new FieldErrors();
        validation.checkCustom(spec, errors);
        // A custom app has no known key format; only the general key rules apply.
        validation.checkKey(spec.apiKey(), retired(IntegrationId.of("custom-app")), "apiKey", errors);
        boolean appFieldsValid = errors.isEmptyExcept("connectionName", "apiKey");
        if (appFieldsValid) {
            Integration wanted = customAppFor(spec, customAppId(spec.appName()));
            Optional<Integration> existing = repository.findCustomApp(workspace, wanted.id());
            if (existing.isPresent() && !sameDefinition(existing.get(), wanted)) {
                errors.add(
                        "appName",
                        "A custom app with this name already exists with other settings; use the same base URL and"
                                + " key placement, or another name.");
            } else if (existing.isPresent()) {
                checkNameFree(workspace, wanted.id(), spec.connectionName(), null, "connectionName", errors);
            }
        }
        errors.throwIfAny();

        Integration wanted = customAppFor(spec, customAppId(spec.appName()));
        if (!repository.addCustomApp(workspace, wanted)) {
            Integration stored =
                    repository.findCustomApp(workspace, wanted.id()).orElseThrow();
            if (!sameDefinition(stored, wanted)) {
                throw ConnectionValidationException.of(
                        "appName", "A custom app with this name was just created with other settings.");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>(spec.settings());
        if (spec.authType() == CustomConnectionSpec.AuthType.BASIC_AUTH
                && !spec.basicUsername().isEmpty()) {
            settings.put(BASIC_USERNAME_SETTING, spec.basicUsername());
        }
        return insert(workspace, wanted, spec.connectionName(), spec.apiKey(), settings, "connectionName");
    }

    private Connection insert(
            WorkspaceId workspace,
            Integration app,
            String name,
            Secret apiKey,
            Map<String, String> settings,
            String nameField) {
        ConnectionId id = ConnectionId.random();
        Instant now = now();
        SecretRef ref = SecretRef.random(now);
        SecretBinding binding = new SecretBinding(workspace, id, ref);
        SealedSecret sealed = cipher.seal(apiKey, binding);
        String hint = apiKey.hint(HINT_CHARS);
        Connection created = writes.run(new AppWrites.Write<>(
                workspace,
                app.id(),
                new StoredSecret(binding, sealed),
                state -> {
                    requireNameFree(state, name, null, nameField);
                    // The first connection of an app becomes its default (B6); decided inside the lock so two
                    // concurrent first adds cannot both, or neither, become default.
                    boolean first = state.connections().isEmpty();
                    Connection c =
                            new Connection(id, workspace, app.id(), name, first, ref, hint, settings, now, now, 1);
                    state.insert(c);
                    return c;
                },
                c -> Optional.empty(),
                (state, c) -> find(state, id).isPresent()));
        afterWrite(workspace, app.id());
        emit(new ConnectionEvent.Created(
                workspace, app.id(), created.id(), created.name(), created.isDefault(), created.createdAt()));
        return created;
    }

    // ---- B5, B6, B7 --------------------------------------------------------------------------------

    @Override
    public Connection editConnection(WorkspaceId workspace, ConnectionId id, ConnectionEdit edit) {
        Objects.requireNonNull(edit, "edit");
        Connection current = require(workspace, id);
        FieldErrors errors = new FieldErrors();
        String newName = edit.name().map(InputValidation::normalizeName).orElse(null);
        if (newName != null) {
            validation.checkName(newName, "name", errors);
            checkNameFree(workspace, current.integration(), newName, id, "name", errors);
        }
        Optional<Integration> app = integration(workspace, current.integration());
        edit.apiKey()
                .ifPresent(
                        key -> validation.checkKey(key, app.orElse(retired(current.integration())), "apiKey", errors));
        errors.throwIfAny();

        Instant now = now();
        SecretRef newRef = edit.apiKey().isPresent() ? SecretRef.random(now) : null;
        StoredSecret newSecret = newRef == null
                ? null
                : new StoredSecret(
                        new SecretBinding(workspace, id, newRef),
                        cipher.seal(edit.apiKey().get(), new SecretBinding(workspace, id, newRef)));
        String newHint = edit.apiKey().map(k -> k.hint(HINT_CHARS)).orElse(null);

        Edited edited = writes.run(new AppWrites.Write<>(
                workspace,
                current.integration(),
                newSecret,
                state -> {
                    Connection stored = requireIn(state, id, edit.expectedVersion());
                    boolean rename = newName != null && !newName.equals(stored.name());
                    if (rename) {
                        requireNameFree(state, newName, id, "name");
                    }
                    if (!rename && newRef == null) {
                        return new Edited(stored, stored);
                    }
                    Connection next = new Connection(
                            stored.id(),
                            workspace,
                            stored.integration(),
                            rename ? newName : stored.name(),
                            stored.isDefault(),
                            newRef != null ? newRef : stored.secretRef(),
                            newHint != null ? newHint : stored.keyHint(),
                            stored.settings(),
                            stored.createdAt(),
                            now,
                            stored.version() + 1);
                    state.update(next);
                    return new Edited(stored, next);
                },
                // B5: the replaced key is destroyed once the switch is committed.
                e -> newRef == null || e.unchanged()
                        ? Optional.empty()
                        : Optional.of(e.before().secretRef()),
                (state, e) -> find(state, id)
                        .filter(row -> row.equals(e.after())
                                || (newRef != null && row.secretRef().equals(newRef)))
                        .isPresent()));
        Connection updated = edited.after();
        if (edited.unchanged()) {
            return updated;
        }
        afterWrite(workspace, updated.integration());
        if (!updated.name().equals(edited.before().name())) {
            emit(new ConnectionEvent.Renamed(
                    workspace, updated.integration(), id, edited.before().name(), updated.name(), updated.updatedAt()));
        }
        if (newRef != null) {
            emit(new ConnectionEvent.KeyReplaced(
                    workspace, updated.integration(), id, updated.name(), updated.updatedAt()));
        }
        return updated;
    }

    @Override
    public Connection setDefault(WorkspaceId workspace, ConnectionId id) {
        Connection current = require(workspace, id);
        Instant now = now();
        DefaultMove move = writes.run(new AppWrites.Write<>(
                workspace,
                current.integration(),
                null,
                state -> {
                    Connection stored = requireIn(state, id, null);
                    if (stored.isDefault()) {
                        return new DefaultMove(stored, null, false);
                    }
                    Connection previous = null;
                    // Clear the old badge before setting the new one, so no moment has two defaults.
                    for (Connection other : state.connections()) {
                        if (other.isDefault()) {
                            previous = other;
                            state.update(other.withDefault(false, now));
                        }
                    }
                    Connection next = stored.withDefault(true, now);
                    state.update(next);
                    return new DefaultMove(next, previous, true);
                },
                m -> Optional.empty(),
                (state, m) ->
                        !m.changed() || find(state, id).filter(m.next()::equals).isPresent()));
        if (move.changed()) {
            afterWrite(workspace, move.next().integration());
        }
        if (move.previous() != null) {
            emit(new ConnectionEvent.DefaultChanged(
                    workspace,
                    move.next().integration(),
                    id,
                    move.previous().id(),
                    move.next().updatedAt()));
        }
        return move.next();
    }

    @Override
    public void deleteConnection(WorkspaceId workspace, ConnectionId id, long expectedVersion) {
        Connection current = require(workspace, id);
        Instant now = now();
        Deletion deletion = writes.run(new AppWrites.Write<>(
                workspace,
                current.integration(),
                null,
                state -> {
                    Connection stored = requireIn(state, id, expectedVersion);
                    state.delete(id);
                    Connection promoted = null;
                    if (stored.isDefault()) {
                        List<Connection> remaining = state.connections();
                        if (!remaining.isEmpty()) {
                            Connection successor = defaultPolicy.chooseSuccessor(remaining);
                            if (!remaining.contains(successor)) {
                                throw new IllegalStateException(
                                        "The default policy chose a connection that is not one of the app's");
                            }
                            promoted = successor.withDefault(true, now);
                            state.update(promoted);
                        }
                    }
                    return new Deletion(stored, promoted);
                },
                d -> Optional.of(d.deleted().secretRef()),
                (state, d) -> find(state, id).isEmpty()));
        Connection deleted = deletion.deleted();
        afterWrite(workspace, deleted.integration());
        emit(new ConnectionEvent.Deleted(
                workspace, deleted.integration(), id, deleted.name(), deleted.isDefault(), now));
        if (deletion.promoted() != null) {
            emit(new ConnectionEvent.DefaultPromoted(
                    workspace, deleted.integration(), deletion.promoted().id(), id, now));
        }
    }

    // ---- B8 ----------------------------------------------------------------------------------------

    @Override
    public ResolvedConnection resolveDefault(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        boolean timed = metrics != ResolveMetrics.NONE;
        long start = timed ? System.nanoTime() : 0L;
        boolean[] loaded = new boolean[1];
        Optional<CachedResolution> found = cache.get(workspace, integration, () -> {
            loaded[0] = true;
            return load(workspace, integration);
        });
        if (timed) {
            recordResolve(integration, !loaded[0], found.isPresent(), System.nanoTime() - start);
        }
        return toResolved(found.orElseThrow(() -> new NoConnectionException(workspace, integration)));
    }

    private void recordResolve(IntegrationId integration, boolean cacheHit, boolean found, long nanos) {
        try {
            metrics.resolved(integration, cacheHit, found, nanos);
        } catch (RuntimeException e) {
            LOG.warn("Resolve metrics {} failed", metrics.getClass().getName(), e);
        }
    }

    @Override
    public ResolvedConnection resolve(WorkspaceId workspace, ConnectionId id) {
        Connection connection = require(workspace, id);
        StoredSecret secret = secrets.get(workspace, connection.secretRef()).orElse(null);
        if (secret == null) {
            ConnectionRepository.ResolvedRecord record = settled(
                            workspace, connection.integration(), state -> Optional.of(requireIn(state, id, null)))
                    .orElseThrow(() -> missingSecret(id));
            connection = record.connection();
            secret = record.secret();
        }
        Integration app = integration(workspace, connection.integration()).orElse(retired(connection.integration()));
        return toResolved(new CachedResolution(connection, secret, app));
    }

    // ---- keys ------------------------------------------------------------------------------------

    @Override
    public void reloadKeys() {
        KeyRing ring = keyProvider.keyRing();
        cipher = cipher.withKeyRing(ring);
        cache.invalidateAll();
        LOG.info("Encryption keys reloaded: primary key {}, key ids {}", ring.primaryKeyId(), ring.keyIds());
    }

    @Override
    public RotationResult rotateKeys() {
        return keyRotation().build().run();
    }

    @Override
    public KeyRotation.Builder keyRotation() {
        return KeyRotation.builder(secrets, () -> cipher);
    }

    @Override
    public long sweepOrphanedSecrets(Duration olderThan) {
        return sweep.run(olderThan);
    }

    @Override
    public ResolutionStats cacheStats() {
        return cache.stats();
    }

    @Override
    public void close() {
        if (changeFeed != null) {
            try {
                changeFeed.close();
            } catch (Exception e) {
                LOG.warn("Closing the change feed failed", e);
            }
        }
    }

    /**
     * Re-reads a connection and its secret under the app's write lock. Reads take no lock, so one that
     * lands inside a key replacement can see the old connection after its secret was destroyed; once
     * the lock is ours that replacement has committed, so an entry still missing is really missing.
     */
    private Optional<ConnectionRepository.ResolvedRecord> settled(
            WorkspaceId workspace, IntegrationId integration, Function<AppState, Optional<Connection>> pick) {
        Optional<ConnectionRepository.ResolvedRecord> record =
                repository.modify(workspace, integration, state -> pick.apply(state)
                        .map(c -> new ConnectionRepository.ResolvedRecord(
                                c, secrets.get(workspace, c.secretRef()).orElseThrow(() -> missingSecret(c.id())))));
        return record;
    }

    private static SecretIntegrityException missingSecret(ConnectionId id) {
        return new SecretIntegrityException(
                "The stored key of connection " + id + " is missing from the secret store.");
    }

    private Optional<CachedResolution> load(WorkspaceId workspace, IntegrationId integration) {
        Optional<ConnectionRepository.ResolvedRecord> found =
                repository.findDefaultWithSecret(workspace, integration, secrets);
        if (found.isEmpty() && repository.findDefault(workspace, integration).isPresent()) {
            found = settled(workspace, integration, state -> state.connections().stream()
                    .filter(Connection::isDefault)
                    .findFirst());
        }
        return found.map(record -> new CachedResolution(
                record.connection(),
                record.secret(),
                integration(workspace, integration).orElse(retired(integration))));
    }

    private ResolvedConnection toResolved(CachedResolution entry) {
        Connection c = entry.connection();
        SecretBinding binding = new SecretBinding(c.workspace(), c.id(), c.secretRef());
        SealedSecret sealed = entry.secret().sealed();
        // The cipher is read when the key is opened, so a reload in between is honoured.
        return new ResolvedConnection(c, entry.integration(), () -> cipher.open(sealed, binding));
    }

    // ---- shared steps -----------------------------------------------------------------------------

    private Connection require(WorkspaceId workspace, ConnectionId id) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(id, "id");
        return repository.find(workspace, id).orElseThrow(() -> new ConnectionNotFoundException(workspace, id));
    }

    private static Connection requireIn(AppState state, ConnectionId id, @Nullable Long expectedVersion) {
        Connection stored = state.connections().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new ConnectionNotFoundException(state.workspace(), id));
        if (expectedVersion != null && stored.version() != expectedVersion) {
            throw new StaleConnectionException(id, expectedVersion, stored.version());
        }
        return stored;
    }

    private static void requireNameFree(AppState state, String name, @Nullable ConnectionId except, String field) {
        if (nameTaken(state.connections(), name, except)) {
            throw field.equals("name")
                    ? new DuplicateConnectionNameException()
                    : ConnectionValidationException.of(field, DuplicateConnectionNameException.MESSAGE);
        }
    }

    /** Early, unlocked duplicate check so a taken name is reported with the other field errors. */
    private void checkNameFree(
            WorkspaceId workspace,
            IntegrationId app,
            String name,
            @Nullable ConnectionId except,
            String field,
            FieldErrors errors) {
        if (errors.has(field)) {
            return;
        }
        if (nameTaken(repository.list(workspace, app), name, except)) {
            errors.add(field, DuplicateConnectionNameException.MESSAGE);
        }
    }

    /** The one uniqueness rule both checks apply: names compared stripped and case-insensitively. */
    private static boolean nameTaken(List<Connection> connections, String name, @Nullable ConnectionId except) {
        String key = InputValidation.nameKey(name);
        return connections.stream()
                .anyMatch(c -> !c.id().equals(except)
                        && InputValidation.nameKey(c.name()).equals(key));
    }

    private static Optional<Connection> find(AppState state, ConnectionId id) {
        return state.connections().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** An edit's unit of work: the row before and after (the same row when nothing changed). */
    private record Edited(Connection before, Connection after) {
        boolean unchanged() {
            return before.version() == after.version();
        }
    }

    /** A default switch: the new default, the one it replaced, and whether anything changed. */
    private record DefaultMove(Connection next, @Nullable Connection previous, boolean changed) {}

    /** A deletion: the removed row and the connection promoted in its place, if any. */
    private record Deletion(Connection deleted, @Nullable Connection promoted) {}

    private void afterWrite(WorkspaceId workspace, IntegrationId integration) {
        cache.invalidate(workspace, integration);
        if (changeFeed != null) {
            try {
                changeFeed.publish(workspace, integration);
            } catch (RuntimeException e) {
                // The write is committed; other instances catch up within the cache's maximum staleness.
                LOG.warn("Could not announce a change in workspace {} to other instances", workspace, e);
            }
        }
    }

    private void emit(ConnectionEvent event) {
        for (ConnectionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Connection listener {} failed on {} for connection {}",
                        listener.getClass().getName(),
                        event.getClass().getSimpleName(),
                        event.connectionId(),
                        e);
            }
        }
    }

    private Instant now() {
        // Databases keep microseconds; truncating here makes what we return equal what we read back.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- custom apps -------------------------------------------------------------------------------

    static final String BASIC_USERNAME_SETTING = "username";

    /**
     * Custom app ids derive from the name (case-insensitively), so adding two connections to "Acme CRM"
     * lands in one app even when two requests race; the hash keeps names with the same slug apart.
     */
    static IntegrationId customAppId(String appName) {
        String key = Normalizer.normalize(appName.strip().toLowerCase(Locale.ROOT), Normalizer.Form.NFC);
        String slug = Normalizer.normalize(key, Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (slug.length() > 40) {
            slug = slug.substring(0, 40).replaceAll("-+$", "");
        }
        String hash = HexFormat.of().formatHex(sha256(key), 0, 4);
        return IntegrationId.of(IntegrationId.CUSTOM_PREFIX + (slug.isEmpty() ? "" : slug + "-") + hash);
    }

    private static Integration customAppFor(CustomConnectionSpec spec, IntegrationId id) {
        KeyPlacement placement;
        List<SettingSpec> settings = new ArrayList<>();
        switch (spec.authType()) {
            case HEADER -> placement = new KeyPlacement.Header(spec.keyName(), spec.keyPrefix());
            case QUERY_PARAMETER -> placement = new KeyPlacement.QueryParameter(spec.keyName());
            default -> {
                if (spec.basicUsername().isEmpty()) {
                    placement = new KeyPlacement.BasicAuth(null);
                } else {
                    placement = new KeyPlacement.BasicAuth(BASIC_USERNAME_SETTING);
                    settings.add(new SettingSpec(BASIC_USERNAME_SETTING, "Username", null, true, null));
                }
            }
        }
        spec.settings().keySet().stream()
                .sorted()
                .forEach(name -> settings.add(new SettingSpec(name, name, null, false, null)));
        URI baseUrl = spec.baseUrl().isEmpty() ? null : URI.create(spec.baseUrl());
        return new Integration(
                id,
                spec.appName().isBlank() ? "Custom app" : spec.appName(),
                "Custom app",
                List.of("Custom"),
                new CredentialSpec(placement, null, null, null, settings),
                baseUrl,
                null);
    }

    /** Same app for a second connection: same base URL and same way of sending the key. */
    private static boolean sameDefinition(Integration stored, Integration wanted) {
        return Objects.equals(stored.baseUrl(), wanted.baseUrl())
                && stored.credentials().placement().equals(wanted.credentials().placement());
    }

    /** Stand-in for an app that is no longer in the catalog, so its connections stay manageable. */
    private static Integration retired(IntegrationId id) {
        return new Integration(
                id,
                id.value(),
                "This app is no longer available in the catalog.",
                List.of(),
                CredentialSpec.of(KeyPlacement.bearer()),
                null,
                null);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
