package dev.connections.tck;

import static dev.connections.tck.TckData.connection;
import static dev.connections.tck.TckData.micros;
import static dev.connections.tck.TckData.newWorkspace;
import static dev.connections.tck.TckData.renamed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.catalog.SettingSpec;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionRepository.ResolvedRecord;
import dev.connections.spi.SecretStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ConnectionRepository}: scoped reads, all-or-nothing {@code modify}, optimistic
 * versions, case-insensitive name uniqueness, the one-default guard, custom apps, workspace isolation, and
 * the OAuth 2.0 grant a connection may hold. (Authorization states: {@link AuthorizationStateContract}.)
 *
 * <p>Extend it and implement {@link #createRepository()}; adapters whose {@link
 * ConnectionRepository#findDefaultWithSecret} reads their own secret table also override {@link
 * #createSecretStore(ConnectionRepository)}. Every test works in fresh random workspaces, so the
 * repository may be shared across tests and hold other data.
 */
public abstract class ConnectionRepositoryContract {
    private static final IntegrationId APP = IntegrationId.of("tck-app-one");
    private static final IntegrationId OTHER_APP = IntegrationId.of("tck-app-two");

    protected ConnectionRepository repository;
    protected WorkspaceId ws;
    protected WorkspaceId otherWs;

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /**
     * The secret store that goes with {@code repository}, for {@code findDefaultWithSecret}. The default
     * is a simple in-memory store, right for repositories that use the default method.
     */
    protected SecretStore createSecretStore(ConnectionRepository repository) {
        return new SimpleSecretStore();
    }

    /** Threads for the serialisation test. */
    protected int concurrentThreads() {
        return 8;
    }

    /** Units of work per thread in the serialisation test. */
    protected int concurrentModifiesPerThread() {
        return 50;
    }

    /** Called after every test, for adapters that hold resources. */
    protected void release(ConnectionRepository repository) {}

    @BeforeEach
    void setUpRepository() {
        repository = createRepository();
        ws = newWorkspace();
        otherWs = newWorkspace();
    }

    @AfterEach
    void tearDownRepository() {
        release(repository);
    }

    private Connection insert(WorkspaceId workspace, IntegrationId app, String name, boolean isDefault) {
        Connection c = connection(workspace, app, name, isDefault);
        repository.modify(workspace, app, state -> {
            state.insert(c);
            return null;
        });
        return c;
    }

    // ---- reads ----------------------------------------------------------------------------------

    @Test
    @DisplayName("every field of a connection survives a round trip, timestamps to the microsecond")
    void roundTripsEveryField() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("region", "eu-west-1");
        settings.put("Notion-Version", "2022-06-28");
        settings.put("note", "Überprüft ✓ — 日本語");
        Connection c = new Connection(
                ConnectionId.random(),
                ws,
                APP,
                "Clé principale ✓",
                true,
                SecretRef.of("ref:" + ConnectionId.random()),
                "…f3a9",
                settings,
                Instant.parse("2021-03-04T05:06:07.123456Z"),
                Instant.parse("2024-11-12T13:14:15.654321Z"),
                7);

        repository.modify(ws, APP, state -> {
            state.insert(c);
            return null;
        });

        assertThat(repository.find(ws, c.id())).contains(c);
        assertThat(repository.list(ws, APP)).containsExactly(c);
        assertThat(repository.findDefault(ws, APP)).contains(c);
    }

    @Test
    @DisplayName("find, list, findDefault and countByIntegration see only the asked workspace and app")
    void readsAreScoped() {
        Connection a1 = insert(ws, APP, "A1", true);
        Connection a2 = insert(ws, APP, "A2", false);
        Connection b1 = insert(ws, OTHER_APP, "B1", true);
        Connection foreign = insert(otherWs, APP, "A1", true);

        assertThat(repository.find(ws, a2.id())).contains(a2);
        assertThat(repository.find(ws, foreign.id())).isEmpty();
        assertThat(repository.find(otherWs, a1.id())).isEmpty();
        assertThat(repository.list(ws, APP)).containsExactlyInAnyOrder(a1, a2);
        assertThat(repository.list(ws, OTHER_APP)).containsExactly(b1);
        assertThat(repository.list(otherWs, APP)).containsExactly(foreign);
        assertThat(repository.list(otherWs, OTHER_APP)).isEmpty();
        assertThat(repository.findDefault(ws, APP)).contains(a1);
        assertThat(repository.findDefault(ws, OTHER_APP)).contains(b1);
        assertThat(repository.countByIntegration(ws)).isEqualTo(Map.of(APP, 2, OTHER_APP, 1));
        assertThat(repository.countByIntegration(otherWs)).isEqualTo(Map.of(APP, 1));
    }

    @Test
    @DisplayName("a workspace without data reads as empty")
    void emptyWorkspace() {
        assertThat(repository.find(ws, ConnectionId.random())).isEmpty();
        assertThat(repository.list(ws, APP)).isEmpty();
        assertThat(repository.findDefault(ws, APP)).isEmpty();
        assertThat(repository.countByIntegration(ws)).isEmpty();
        assertThat(repository.customApps(ws)).isEmpty();
    }

    @Test
    @DisplayName("findDefault is empty while an app has only non-default connections")
    void findDefaultNeedsADefault() {
        insert(ws, APP, "Not default", false);
        assertThat(repository.findDefault(ws, APP)).isEmpty();
    }

    @Test
    @DisplayName("an app whose last connection is deleted drops out of countByIntegration")
    void countDropsEmptyApps() {
        Connection only = insert(ws, APP, "Only", true);
        insert(ws, OTHER_APP, "Other", true);

        repository.modify(ws, APP, state -> {
            state.delete(only.id());
            return null;
        });

        assertThat(repository.countByIntegration(ws)).isEqualTo(Map.of(OTHER_APP, 1));
        assertThat(repository.find(ws, only.id())).isEmpty();
        assertThat(repository.list(ws, APP)).isEmpty();
    }

    // ---- modify -------------------------------------------------------------------------------

    @Test
    @DisplayName("modify returns the work's result and shows the work its own changes at once")
    void modifySeesItsOwnChanges() {
        Connection first = insert(ws, APP, "First", true);
        Connection second = connection(ws, APP, "Second", false);

        List<Connection> seen = repository.modify(ws, APP, state -> {
            assertThat(state.workspace()).isEqualTo(ws);
            assertThat(state.integration()).isEqualTo(APP);
            assertThat(state.connections()).containsExactly(first);
            state.insert(second);
            state.update(renamed(first, "First renamed"));
            return state.connections();
        });

        assertThat(seen).extracting(Connection::name).containsExactlyInAnyOrder("First renamed", "Second");
        assertThat(repository.list(ws, APP)).containsExactlyInAnyOrderElementsOf(seen);
    }

    @Test
    @DisplayName("modify sees only its own workspace and app")
    void modifyIsScoped() {
        insert(ws, OTHER_APP, "Other app", true);
        insert(otherWs, APP, "Other workspace", true);
        Connection mine = insert(ws, APP, "Mine", true);

        List<Connection> seen = repository.modify(ws, APP, state -> state.connections());

        assertThat(seen).containsExactly(mine);
    }

    @Test
    @DisplayName("when the work throws, nothing it inserted, updated or deleted is kept, and the exception propagates")
    void modifyIsAllOrNothing() {
        Connection keep = insert(ws, APP, "Keep", true);
        Connection gone = insert(ws, APP, "Delete me", false);
        Connection added = connection(ws, APP, "Added", false);
        IllegalStateException failure = new IllegalStateException("work failed on purpose");

        Throwable thrown = catchThrowable(() -> repository.modify(ws, APP, state -> {
            state.insert(added);
            state.update(renamed(keep, "Renamed"));
            state.delete(gone.id());
            throw failure;
        }));

        assertThat(thrown).isSameAs(failure);
        assertThat(repository.list(ws, APP)).containsExactlyInAnyOrder(keep, gone);
        assertThat(repository.find(ws, added.id())).isEmpty();
        assertThat(repository.countByIntegration(ws)).isEqualTo(Map.of(APP, 2));
    }

    @Test
    @DisplayName("a repository exception inside the work also rolls back the work's earlier changes")
    void failedStepRollsBackEarlierSteps() {
        Connection existing = insert(ws, APP, "Existing", true);
        Connection added = connection(ws, APP, "Fresh", false);

        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.insert(added);
                    state.update(renamed(existing, "Renamed"));
                    state.update(renamed(existing, "Again from a stale copy"));
                    return null;
                }))
                .isInstanceOf(StaleConnectionException.class);

        assertThat(repository.list(ws, APP)).containsExactly(existing);
    }

    @Test
    @DisplayName("inserting a name the app already has, in any letter case, is refused")
    void duplicateNamesAreCaseInsensitive() {
        Connection main = insert(ws, APP, "Main Key", true);

        assertThatThrownBy(() -> insert(ws, APP, "mAIN kEY", false))
                .isInstanceOf(DuplicateConnectionNameException.class)
                .satisfies(e -> assertThat(((DuplicateConnectionNameException) e).fieldErrors())
                        .containsKey("name"));

        assertThat(repository.list(ws, APP)).containsExactly(main);
        // The same name is fine for another app and in another workspace.
        insert(ws, OTHER_APP, "Main Key", true);
        insert(otherWs, APP, "MAIN KEY", true);
        assertThat(repository.countByIntegration(ws)).isEqualTo(Map.of(APP, 1, OTHER_APP, 1));
    }

    @Test
    @DisplayName(
            "renaming to a name another connection of the app has is refused; a case change of its own name is not")
    void renameToTakenNameIsRefused() {
        Connection first = insert(ws, APP, "First", true);
        Connection second = insert(ws, APP, "Second", false);

        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.update(renamed(second, "FIRST"));
                    return null;
                }))
                .isInstanceOf(DuplicateConnectionNameException.class);
        assertThat(repository.list(ws, APP)).containsExactlyInAnyOrder(first, second);

        Connection recased = renamed(second, "SECOND");
        repository.modify(ws, APP, state -> {
            state.update(recased);
            return null;
        });
        assertThat(repository.find(ws, second.id())).contains(recased);
    }

    @Test
    @DisplayName("an update must be exactly one version ahead of the stored connection")
    void updateChecksTheVersion() {
        Connection stored = insert(ws, APP, "Versioned", true);
        Connection sameVersion = new Connection(
                stored.id(),
                ws,
                APP,
                "Same version",
                true,
                stored.secretRef(),
                stored.keyHint(),
                stored.settings(),
                stored.createdAt(),
                stored.updatedAt(),
                stored.version());
        Connection twoAhead = renamed(renamed(stored, "Skipped"), "Two ahead");

        for (Connection wrong : List.of(sameVersion, twoAhead)) {
            assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                        state.update(wrong);
                        return null;
                    }))
                    .isInstanceOf(StaleConnectionException.class);
        }
        assertThat(repository.find(ws, stored.id())).contains(stored);

        Connection next = renamed(stored, "Next");
        repository.modify(ws, APP, state -> {
            state.update(next);
            return null;
        });
        assertThat(repository.find(ws, stored.id())).contains(next);
        assertThat(next.version()).isEqualTo(2);
    }

    @Test
    @DisplayName("updating or deleting a connection that is not there gives ConnectionNotFoundException")
    void updateOrDeleteMissing() {
        Connection neverStored = connection(ws, APP, "Never stored", false);
        insert(ws, APP, "Present", true);

        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.update(renamed(neverStored, "x"));
                    return null;
                }))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.delete(neverStored.id());
                    return null;
                }))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThat(repository.list(ws, APP)).hasSize(1);
    }

    @Test
    @DisplayName("a connection of another workspace behaves as missing inside modify")
    void otherWorkspaceIsMissingInsideModify() {
        Connection foreign = insert(otherWs, APP, "Foreign", true);
        Connection sameIdHere = new Connection(
                foreign.id(),
                ws,
                APP,
                "Hijacked",
                false,
                foreign.secretRef(),
                foreign.keyHint(),
                foreign.settings(),
                foreign.createdAt(),
                foreign.updatedAt(),
                foreign.version() + 1);

        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.delete(foreign.id());
                    return null;
                }))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.update(sameIdHere);
                    return null;
                }))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThat(repository.find(otherWs, foreign.id())).contains(foreign);
        assertThat(repository.find(ws, foreign.id())).isEmpty();
    }

    @Test
    @DisplayName("storage refuses a second default for one app, and the work's other changes are undone")
    void storageGuardsTheOneDefault() {
        Connection first = insert(ws, APP, "First", true);
        Connection second = insert(ws, APP, "Second", false);

        assertThatThrownBy(() -> insert(ws, APP, "Another default", true)).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> repository.modify(ws, APP, state -> {
                    state.update(second.withDefault(true, micros(Instant.now())));
                    return null;
                }))
                .isInstanceOf(RuntimeException.class);

        assertThat(repository.list(ws, APP)).containsExactlyInAnyOrder(first, second);
        assertThat(repository.findDefault(ws, APP)).contains(first);
    }

    @Test
    @DisplayName("moving the default inside one unit of work (clear, then set) is atomic")
    void defaultSwitchInOneUnitOfWork() {
        Connection first = insert(ws, APP, "First", true);
        Connection second = insert(ws, APP, "Second", false);
        Instant now = micros(Instant.now());

        repository.modify(ws, APP, state -> {
            state.update(first.withDefault(false, now));
            state.update(second.withDefault(true, now));
            return null;
        });

        assertThat(repository.findDefault(ws, APP)).contains(second.withDefault(true, now));
        assertThat(repository.list(ws, APP)).filteredOn(Connection::isDefault).hasSize(1);
    }

    @Test
    @DisplayName("concurrent units of work on one app are serialised: no update is lost")
    void concurrentModifyIsSerialised() throws Exception {
        Connection counter = insert(ws, APP, "n-0", true);
        int threads = concurrentThreads();
        int perThread = concurrentModifiesPerThread();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        repository.modify(ws, APP, state -> {
                            // Read-modify-write from the state given: a lost update shows as a lower count.
                            Connection current = state.connections().stream()
                                    .filter(c -> c.id().equals(counter.id()))
                                    .findFirst()
                                    .orElseThrow();
                            int n = Integer.parseInt(current.name().substring(2));
                            state.update(renamed(current, "n-" + (n + 1)));
                            return null;
                        });
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        Connection end = repository.find(ws, counter.id()).orElseThrow();
        int total = threads * perThread;
        assertThat(end.name()).isEqualTo("n-" + total);
        assertThat(end.version()).isEqualTo(1L + total);
    }

    // ---- OAuth 2.0 grants ------------------------------------------------------------------------

    /** {@code c} holding {@code grant} instead of an API key, still at version 1. */
    private static Connection withGrant(Connection c, OAuthGrant grant) {
        return new Connection(
                c.id(),
                c.workspace(),
                c.integration(),
                c.name(),
                c.isDefault(),
                c.secretRef(),
                c.keyHint(),
                c.settings(),
                c.createdAt(),
                c.updatedAt(),
                c.version(),
                grant);
    }

    private void insert(Connection c) {
        repository.modify(c.workspace(), c.integration(), state -> {
            state.insert(c);
            return null;
        });
    }

    private void update(Connection c) {
        repository.modify(c.workspace(), c.integration(), state -> {
            state.update(c);
            return null;
        });
    }

    @Test
    @DisplayName(
            "a connection's OAuth grant survives a round trip: type, expiry to the microsecond, scopes in order, status")
    void grantRoundTrips() {
        OAuthGrant userGrant = new OAuthGrant(
                GrantType.AUTHORIZATION_CODE,
                Instant.parse("2030-01-02T03:04:05.123456Z"),
                List.of("users:read", "chat:write", "https://www.googleapis.com/auth/drive.readonly", "écrire ✓"),
                OAuthGrant.Status.ACTIVE);
        OAuthGrant refusedGrant = new OAuthGrant(
                GrantType.AUTHORIZATION_CODE,
                Instant.parse("2020-05-06T07:08:09.000001Z"),
                List.of("read"),
                OAuthGrant.Status.NEEDS_RECONNECT);
        OAuthGrant machineGrant =
                new OAuthGrant(GrantType.CLIENT_CREDENTIALS, null, List.of(), OAuthGrant.Status.ACTIVE);
        Connection user = withGrant(connection(ws, APP, "Slack (user)", true), userGrant);
        Connection refused = withGrant(connection(ws, APP, "Slack (refused)", false), refusedGrant);
        Connection machine = withGrant(connection(ws, APP, "Slack (machine)", false), machineGrant);
        Connection key = connection(ws, APP, "Slack (key)", false);
        repository.modify(ws, APP, state -> {
            state.insertAll(List.of(user, refused, machine, key));
            return null;
        });

        assertThat(repository.find(ws, user.id())).contains(user);
        assertThat(repository.find(ws, refused.id())).contains(refused);
        assertThat(repository.find(ws, machine.id())).contains(machine);
        assertThat(repository.find(ws, key.id())).contains(key);
        assertThat(repository.find(ws, user.id()).orElseThrow().grant()).isEqualTo(userGrant);
        assertThat(repository.find(ws, user.id()).orElseThrow().grant().scopes())
                .containsExactly(
                        "users:read", "chat:write", "https://www.googleapis.com/auth/drive.readonly", "écrire ✓");
        assertThat(repository.list(ws, APP)).containsExactlyInAnyOrder(user, refused, machine, key);
        assertThat(repository.findDefault(ws, APP)).contains(user);
        List<Connection> insideModify = repository.modify(ws, APP, state -> state.connections());
        assertThat(insideModify).containsExactlyInAnyOrder(user, refused, machine, key);

        SecretStore secrets = createSecretStore(repository);
        StoredSecret tokens =
                new StoredSecret(new SecretBinding(ws, user.id(), user.secretRef()), TckData.sealed("tck-key", 96));
        secrets.put(tokens);
        assertThat(repository.findDefaultWithSecret(ws, APP, secrets)).contains(new ResolvedRecord(user, tokens));
    }

    @Test
    @DisplayName("a grant's status, expiry and tokens change through modify like any update, and other updates keep it")
    void grantUpdatesPersist() {
        Instant expiry = Instant.parse("2031-01-01T00:00:00.000001Z");
        Connection stored = withGrant(
                connection(ws, APP, "Linear", true),
                new OAuthGrant(
                        GrantType.AUTHORIZATION_CODE, expiry, List.of("read", "write"), OAuthGrant.Status.ACTIVE));
        insert(stored);

        // A refresh: new tokens under a new reference, a later expiry, fewer scopes granted.
        Instant now = micros(stored.updatedAt().plusMillis(1));
        OAuthGrant refreshed = new OAuthGrant(
                GrantType.AUTHORIZATION_CODE,
                expiry.plus(Duration.ofHours(1)),
                List.of("read"),
                OAuthGrant.Status.ACTIVE);
        Connection afterRefresh = stored.withTokens(SecretRef.random(), "…9z8y", refreshed, now);
        update(afterRefresh);
        assertThat(repository.find(ws, stored.id())).contains(afterRefresh);

        // The provider refuses the refresh token: the same tokens, the grant marked.
        Connection refused = afterRefresh.withGrant(refreshed.refused(), micros(now.plusMillis(1)));
        update(refused);
        assertThat(repository.find(ws, stored.id())).contains(refused);
        assertThat(repository.find(ws, stored.id()).orElseThrow().grant().needsReconnect())
                .isTrue();

        // Renaming and moving the default leave the grant as it is.
        Connection renamed = renamed(refused, "Linear (team)");
        update(renamed);
        Connection notDefault =
                renamed.withDefault(false, micros(renamed.updatedAt().plusMillis(1)));
        update(notDefault);
        assertThat(repository.find(ws, stored.id())).contains(notDefault);
        assertThat(notDefault.grant()).isEqualTo(refused.grant());

        // Reconnected: active again, an expiry the provider did not state.
        OAuthGrant reconnected =
                new OAuthGrant(GrantType.AUTHORIZATION_CODE, null, List.of("read", "write"), OAuthGrant.Status.ACTIVE);
        Connection afterReconnect = notDefault.withTokens(
                SecretRef.random(),
                "…0000",
                reconnected,
                micros(notDefault.updatedAt().plusMillis(1)));
        update(afterReconnect);
        assertThat(repository.find(ws, stored.id())).contains(afterReconnect);
        assertThat(repository.find(ws, stored.id()).orElseThrow().grant().expiresAt())
                .isEmpty();
    }

    @Test
    @DisplayName(
            "API-key connections keep a null grant through inserts and updates; an update stores the grant it carries")
    void apiKeyConnectionsHaveNoGrant() {
        Connection key = insert(ws, APP, "Key", true);
        assertThat(repository.find(ws, key.id()).orElseThrow().grant()).isNull();
        assertThat(repository.find(ws, key.id()).orElseThrow().isOAuth()).isFalse();

        Connection newKey =
                key.withKey(SecretRef.random(), "…abcd", micros(key.updatedAt().plusMillis(1)));
        update(newKey);
        Connection renamedKey = renamed(newKey, "Key renamed");
        update(renamedKey);
        assertThat(repository.find(ws, key.id())).contains(renamedKey);
        assertThat(repository.list(ws, APP))
                .allSatisfy(c -> assertThat(c.grant()).isNull());

        // A grant dropped by an update is dropped in storage too: update replaces the whole connection.
        Connection oauth = withGrant(
                connection(ws, APP, "Was OAuth", false),
                new OAuthGrant(GrantType.CLIENT_CREDENTIALS, null, List.of("api"), OAuthGrant.Status.ACTIVE));
        insert(oauth);
        Connection asKey = new Connection(
                oauth.id(),
                ws,
                APP,
                oauth.name(),
                false,
                SecretRef.random(),
                "…1234",
                oauth.settings(),
                oauth.createdAt(),
                micros(oauth.updatedAt().plusMillis(1)),
                oauth.version() + 1,
                null);
        update(asKey);
        assertThat(repository.find(ws, oauth.id())).contains(asKey);
    }

    // ---- custom apps --------------------------------------------------------------------------

    private static Integration customApp(String id, KeyPlacement placement, List<SettingSpec> settings) {
        return new Integration(
                IntegrationId.of(id),
                "Acme CRM ✓",
                "Custom app",
                List.of("Custom"),
                new CredentialSpec(placement, null, null, null, settings),
                URI.create("https://api.acme.example/v2"),
                null);
    }

    @Test
    @DisplayName("a custom app's OAuth 2.0 declaration round-trips with every field, beside a key app's none")
    void customAppsKeepTheirOAuth2Declaration() {
        OAuth2Spec oauth = new OAuth2Spec(
                URI.create("https://auth.acme.example/oauth/authorize?tenant=main"),
                URI.create("https://auth.acme.example/oauth/token"),
                URI.create("https://auth.acme.example/oauth/revoke"),
                List.of("crm.read", "crm.write", "offline_access"),
                ",",
                ClientAuthentication.CLIENT_SECRET_POST,
                new KeyPlacement.Header("X-Acme-Token", "Token "),
                Map.of("prompt", "consent", "audience", "api.acme.example"),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
        Integration base =
                customApp("custom-acme-oauth-0a0b0c0d", new KeyPlacement.Header("X-Acme-Token", "Token "), List.of());
        Integration withOAuth = new Integration(
                base.id(),
                base.displayName(),
                base.description(),
                base.categories(),
                base.credentials().withOAuth2(oauth),
                base.baseUrl(),
                null);
        Integration minimal = new Integration(
                IntegrationId.of("custom-acme-oauth-0e0f0a0b"),
                "Acme minimal",
                "Custom app",
                List.of("Custom"),
                CredentialSpec.of(KeyPlacement.bearer())
                        .withOAuth2(OAuth2Spec.authorizationCode(
                                URI.create("https://auth.acme.example/a"),
                                URI.create("https://auth.acme.example/t"),
                                List.of())),
                URI.create("https://api.acme.example"),
                null);
        Integration keyOnly = customApp("custom-acme-key-0c0d0e0f", KeyPlacement.bearer(), List.of());
        for (Integration app : List.of(withOAuth, minimal, keyOnly)) {
            assertThat(repository.addCustomApp(ws, app)).isTrue();
            assertThat(repository.findCustomApp(ws, app.id())).contains(app);
        }
        OAuth2Spec read = repository
                .findCustomApp(ws, withOAuth.id())
                .orElseThrow()
                .credentials()
                .oauth()
                .orElseThrow();
        // Equal records, and the order of what is ordered kept.
        assertThat(read.scopes()).containsExactly("crm.read", "crm.write", "offline_access");
        assertThat(read.authorizationParameters()).containsOnlyKeys("prompt", "audience");
        assertThat(repository
                        .findCustomApp(ws, keyOnly.id())
                        .orElseThrow()
                        .credentials()
                        .oauth())
                .isEmpty();
        assertThat(repository.customApps(ws)).containsExactlyInAnyOrder(withOAuth, minimal, keyOnly);
    }

    @Test
    @DisplayName("custom apps round-trip, are scoped by workspace, and a second add of the same id is refused")
    void customApps() {
        Integration header = customApp(
                "custom-acme-crm-1a2b3c4d",
                new KeyPlacement.Header("X-Acme-Key", "Token "),
                List.of(new SettingSpec("tenant", "tenant", null, false, null)));
        Integration query =
                customApp("custom-acme-query-00000001", new KeyPlacement.QueryParameter("api_key"), List.of());
        Integration basic = customApp(
                "custom-acme-basic-00000002",
                new KeyPlacement.BasicAuth("username"),
                List.of(new SettingSpec("username", "Username", null, true, null)));
        Integration basicKeyOnly = customApp("custom-acme-basic-00000003", new KeyPlacement.BasicAuth(null), List.of());

        for (Integration app : List.of(header, query, basic, basicKeyOnly)) {
            assertThat(repository.addCustomApp(ws, app)).isTrue();
            assertThat(repository.findCustomApp(ws, app.id())).contains(app);
        }
        assertThat(repository.customApps(ws)).containsExactlyInAnyOrder(header, query, basic, basicKeyOnly);

        Integration sameIdOtherDefinition = customApp("custom-acme-crm-1a2b3c4d", KeyPlacement.bearer(), List.of());
        assertThat(repository.addCustomApp(ws, sameIdOtherDefinition)).isFalse();
        assertThat(repository.findCustomApp(ws, header.id())).contains(header);

        assertThat(repository.findCustomApp(otherWs, header.id())).isEmpty();
        assertThat(repository.customApps(otherWs)).isEmpty();
        // The same id is free in another workspace.
        assertThat(repository.addCustomApp(otherWs, sameIdOtherDefinition)).isTrue();
        assertThat(repository.findCustomApp(otherWs, header.id())).contains(sameIdOtherDefinition);
        assertThat(repository.findCustomApp(ws, header.id())).contains(header);
    }

    @Test
    @DisplayName("connections of a custom app are stored and counted like any other")
    void customAppConnections() {
        Integration app = customApp("custom-acme-crm-99999999", KeyPlacement.bearer(), List.of());
        repository.addCustomApp(ws, app);
        Connection c = insert(ws, app.id(), "Acme main", true);

        assertThat(repository.countByIntegration(ws)).isEqualTo(Map.of(app.id(), 1));
        assertThat(repository.findDefault(ws, app.id())).contains(c);
    }

    // ---- trigger path -------------------------------------------------------------------------

    @Test
    @DisplayName("findDefaultWithSecret returns the default with its stored secret, scoped by workspace")
    void findDefaultWithSecret() {
        SecretStore secrets = createSecretStore(repository);
        Connection def = insert(ws, APP, "Default", true);
        Connection other = insert(ws, APP, "Other", false);
        StoredSecret defSecret =
                new StoredSecret(new SecretBinding(ws, def.id(), def.secretRef()), TckData.sealed("tck-key", 48));
        StoredSecret otherSecret =
                new StoredSecret(new SecretBinding(ws, other.id(), other.secretRef()), TckData.sealed("tck-key", 48));
        secrets.put(defSecret);
        secrets.put(otherSecret);

        assertThat(repository.findDefaultWithSecret(ws, APP, secrets)).contains(new ResolvedRecord(def, defSecret));
        assertThat(repository.findDefaultWithSecret(otherWs, APP, secrets)).isEmpty();
        assertThat(repository.findDefaultWithSecret(ws, OTHER_APP, secrets)).isEmpty();
    }
}
