package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static dev.connections.tck.TckCatalog.BETA;
import static dev.connections.tck.TckCatalog.DELTA;
import static dev.connections.tck.TckCatalog.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationMatch;
import dev.connections.catalog.KeyPlacement;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.ConnectedAppsSummary;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.IntegrationNotFoundException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.StaleConnectionException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.TckConnections.Snapshot;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The behaviours B1–B8 of the Settings › Connections feature, end to end through the {@link Connections}
 * facade over the storage under test: connected apps, explore, add, custom connections, edit, default
 * badge, delete, trigger, validation, workspace isolation and events.
 *
 * <p>Extend it and implement {@link #createRepository()} and {@link #createSecretStore()}. The facade
 * runs on the {@link TckCatalog} and a fixed key ring; {@link #configure} can change any other part.
 * Every test uses fresh random workspaces.
 */
public abstract class ConnectionsContract {
    protected TckConnections tck;
    protected Connections connections;
    protected WorkspaceId ws;
    protected WorkspaceId otherWs;

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called before every test, after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    /** Adjusts the facade's wiring (change feed, cache settings…); the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    @BeforeEach
    void setUpFacade() {
        ConnectionRepository repository = createRepository();
        SecretStore secrets = createSecretStore();
        tck = TckConnections.create(repository, secrets, this::configure);
        connections = tck.connections();
        ws = TckData.newWorkspace();
        otherWs = TckData.newWorkspace();
    }

    @AfterEach
    void closeFacade() {
        tck.close();
    }

    // ---- helpers ------------------------------------------------------------------------------

    protected static Secret key(String value) {
        return Secret.of(value);
    }

    protected static String alphaKey() {
        return TckData.recognisableKey("alpha-");
    }

    protected static String betaKey() {
        return TckData.recognisableKey("bk-");
    }

    protected Connection add(WorkspaceId workspace, IntegrationId app, String name) {
        String value = app.equals(BETA) ? betaKey() : alphaKey();
        if (app.equals(DELTA)) {
            return connections.addConnection(
                    workspace, new NewConnection(app, name, key(value), Map.of("account", "AC-1")));
        }
        return connections.addConnection(workspace, app, name, key(value));
    }

    protected Connection current(WorkspaceId workspace, Connection c) {
        return connections.connection(workspace, c.id()).orElseThrow();
    }

    protected static String plainKey(ResolvedConnection resolved) {
        return resolved.withKey(Secret::reveal);
    }

    protected static CustomConnectionSpec.Builder acme() {
        return CustomConnectionSpec.builder()
                .appName("Acme CRM")
                .baseUrl("https://api.acme.example/v2")
                .header("X-Acme-Key", "Token ")
                .connectionName("Acme main")
                .apiKey(key(TckData.recognisableKey("acme-")));
    }

    private void assertOneDefault(WorkspaceId workspace, IntegrationId app) {
        List<Connection> list = connections.connections(workspace, app);
        if (list.isEmpty()) {
            assertThatThrownBy(() -> connections.resolveDefault(workspace, app))
                    .isInstanceOf(NoConnectionException.class);
        } else {
            assertThat(list).filteredOn(Connection::isDefault).hasSize(1);
            assertThat(list.get(0).isDefault()).as("default listed first").isTrue();
            assertThat(connections.resolveDefault(workspace, app).connection()).isEqualTo(list.get(0));
        }
    }

    // ---- B1: Your connected apps ----------------------------------------------------------------

    @Test
    @DisplayName("B1: a new workspace has no connected apps")
    void noConnectedApps() {
        assertThat(connections.connectedApps(ws)).isEmpty();
        ConnectedAppsSummary summary = connections.connectedApps(ws, 5);
        assertThat(summary.apps()).isEmpty();
        assertThat(summary.total()).isZero();
        assertThat(summary.hasMore()).isFalse();
    }

    @Test
    @DisplayName("B1: connected apps are the apps with connections, with counts, sorted by name ignoring case")
    void connectedAppsWithCounts() {
        add(ws, GAMMA, "Gamma one");
        add(ws, GAMMA, "Gamma two");
        add(ws, BETA, "Beta one");
        add(ws, ALPHA, "Alpha one");
        Connection acme = connections.addCustomConnection(ws, acme().build());
        add(otherWs, DELTA, "Elsewhere");

        List<ConnectedApp> apps = connections.connectedApps(ws);

        assertThat(apps)
                .extracting(ConnectedApp::displayName, ConnectedApp::connectionCount)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Acme CRM", 1),
                        org.assertj.core.groups.Tuple.tuple("alpha Mail", 1),
                        org.assertj.core.groups.Tuple.tuple("Beta AI", 1),
                        org.assertj.core.groups.Tuple.tuple("Gamma CRM", 2));
        assertThat(apps.get(0).integration().id()).isEqualTo(acme.integration());
        assertThat(apps.get(0).integration().isCustom()).isTrue();
    }

    @Test
    @DisplayName("B1: the summary shows the first apps and the total, for \"See all\"")
    void connectedAppsSummary() {
        add(ws, ALPHA, "a");
        add(ws, BETA, "b");
        add(ws, GAMMA, "c");

        ConnectedAppsSummary two = connections.connectedApps(ws, 2);
        assertThat(two.apps()).extracting(ConnectedApp::displayName).containsExactly("alpha Mail", "Beta AI");
        assertThat(two.total()).isEqualTo(3);
        assertThat(two.hasMore()).isTrue();

        ConnectedAppsSummary all = connections.connectedApps(ws, 10);
        assertThat(all.apps()).isEqualTo(connections.connectedApps(ws));
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.hasMore()).isFalse();

        ConnectedAppsSummary none = connections.connectedApps(ws, 0);
        assertThat(none.apps()).isEmpty();
        assertThat(none.total()).isEqualTo(3);
        assertThatThrownBy(() -> connections.connectedApps(ws, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("B1: an app leaves the connected apps when its last connection is deleted")
    void appLeavesWhenEmpty() {
        Connection only = add(ws, ALPHA, "Only");
        add(ws, BETA, "Stays");

        connections.deleteConnection(ws, only.id(), only.version());

        assertThat(connections.connectedApps(ws))
                .extracting(ConnectedApp::displayName)
                .containsExactly("Beta AI");
    }

    // ---- B2: Explore ------------------------------------------------------------------------------

    @Test
    @DisplayName("B2: explore lists the catalog and says which apps the workspace already connected")
    void exploreSaysWhatIsConnected() {
        add(ws, BETA, "Beta one");

        List<IntegrationMatch> all = connections.exploreIntegrations(ws, "");
        assertThat(all).extracting(m -> m.integration().id()).containsExactlyInAnyOrder(ALPHA, BETA, GAMMA, DELTA);
        assertThat(all)
                .filteredOn(IntegrationMatch::connected)
                .extracting(m -> m.integration().id())
                .containsExactly(BETA);

        List<IntegrationMatch> beta = connections.exploreIntegrations(ws, "beta ai");
        assertThat(beta).isNotEmpty();
        assertThat(beta.get(0).integration().id()).isEqualTo(BETA);
        assertThat(beta.get(0).connected()).isTrue();

        assertThat(connections.exploreIntegrations(otherWs, "beta ai").get(0).connected())
                .isFalse();
    }

    @Test
    @DisplayName("B2: integration() finds catalog apps everywhere and custom apps only in their workspace")
    void integrationDetail() {
        assertThat(connections.integration(ws, BETA))
                .map(Integration::displayName)
                .contains("Beta AI");
        assertThat(connections.integration(ws, IntegrationId.of("tck-not-in-catalog")))
                .isEmpty();

        Connection acme = connections.addCustomConnection(ws, acme().build());
        assertThat(connections.integration(ws, acme.integration()))
                .map(Integration::displayName)
                .contains("Acme CRM");
        assertThat(connections.integration(otherWs, acme.integration())).isEmpty();
    }

    // ---- B3: add ------------------------------------------------------------------------------------

    @Test
    @DisplayName("B3: an added connection is stored with a hint, version 1, its key encrypted in the secret store")
    void addConnection() {
        String plain = alphaKey();

        Connection c = connections.addConnection(ws, ALPHA, "  Our main key  ", key(plain));

        assertThat(c.workspace()).isEqualTo(ws);
        assertThat(c.integration()).isEqualTo(ALPHA);
        assertThat(c.name()).isEqualTo("Our main key");
        assertThat(c.isDefault()).isTrue();
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.keyHint()).isEqualTo("…" + plain.substring(plain.length() - 4));
        assertThat(c.createdAt()).isEqualTo(c.updatedAt());
        assertThat(connections.connection(ws, c.id())).contains(c);
        assertThat(connections.connections(ws, ALPHA)).containsExactly(c);

        var stored = tck.secrets().get(ws, c.secretRef()).orElseThrow();
        assertThat(stored.binding().connection()).isEqualTo(c.id());
        String storedBytes = new String(stored.sealed().toBytes(), StandardCharsets.ISO_8859_1);
        assertThat(storedBytes).doesNotContain(plain).doesNotContain(plain.substring(6, 20));
        assertThat(plainKey(connections.resolve(ws, c.id()))).isEqualTo(plain);
    }

    @Test
    @DisplayName("B3: a short key gets a hint that reveals nothing")
    void shortKeyHint() {
        Connection c = connections.addConnection(ws, ALPHA, "Short", key("abc123"));
        assertThat(c.keyHint()).doesNotContain("abc").doesNotContain("123");
    }

    @Test
    @DisplayName("B3: adding to an unknown integration fails and stores nothing")
    void addToUnknownIntegration() {
        IntegrationId unknown = IntegrationId.of("tck-no-such-app");
        assertThatThrownBy(() -> connections.addConnection(ws, unknown, "Main", key(alphaKey())))
                .isInstanceOf(IntegrationNotFoundException.class)
                .hasMessageContaining("tck-no-such-app");
        assertThat(tck.snapshot(ws, unknown))
                .isEqualTo(new Snapshot(List.of(), Map.of(unknown, List.of()), List.of(), List.of()));
    }

    @Test
    @DisplayName(
            "B3: a name the app already has, in any letter case, is a DuplicateConnectionNameException on field name")
    void duplicateName() {
        add(ws, ALPHA, "Main key");
        Snapshot before = tck.snapshot(ws);

        var e = catchThrowableOfType(
                DuplicateConnectionNameException.class,
                () -> connections.addConnection(ws, ALPHA, " MAIN KEY ", key(alphaKey())));

        assertThat(e.fieldErrors()).containsOnlyKeys("name");
        assertThat(tck.snapshot(ws)).isEqualTo(before);
        // Free for another app and another workspace.
        add(ws, GAMMA, "Main key");
        add(otherWs, ALPHA, "Main key");
    }

    @Test
    @DisplayName("B3: non-secret settings are validated, stored and resolved with the app's defaults")
    void settings() {
        Connection plain = add(ws, GAMMA, "Default region");
        Connection us =
                connections.addConnection(ws, new NewConnection(GAMMA, "US", key(alphaKey()), Map.of("region", "us")));

        assertThat(plain.settings()).isEmpty();
        assertThat(us.settings()).containsExactly(Map.entry("region", "us"));
        assertThat(connections.resolveDefault(ws, GAMMA).settings()).containsExactly(Map.entry("region", "eu"));
        assertThat(connections.resolveDefault(ws, GAMMA).settingHeaders()).containsExactly(Map.entry("X-Region", "eu"));
        assertThat(connections.resolve(ws, us.id()).settingHeaders()).containsExactly(Map.entry("X-Region", "us"));

        Snapshot before = tck.snapshot(ws, DELTA);
        var unknown = catchThrowableOfType(
                ConnectionValidationException.class,
                () -> connections.addConnection(
                        ws, new NewConnection(GAMMA, "Odd", key(alphaKey()), Map.of("colour", "blue"))));
        assertThat(unknown.fieldErrors()).containsOnlyKeys("settings.colour");
        var missing = catchThrowableOfType(
                ConnectionValidationException.class,
                () -> connections.addConnection(ws, DELTA, "No account", key(alphaKey())));
        assertThat(missing.fieldErrors()).containsOnlyKeys("settings.account");
        for (String badValue : List.of("x".repeat(1001), "line\nbreak")) {
            var value = catchThrowableOfType(
                    ConnectionValidationException.class,
                    () -> connections.addConnection(
                            ws, new NewConnection(GAMMA, "Bad value", key(alphaKey()), Map.of("region", badValue))));
            assertThat(value.fieldErrors()).containsOnlyKeys("settings.region");
        }
        assertThat(tck.snapshot(ws, DELTA)).isEqualTo(before);
    }

    // ---- B4: custom ---------------------------------------------------------------------------------

    @Test
    @DisplayName("B4: a custom connection creates a workspace-scoped app, listed and resolved like a pre-built one")
    void customConnection() {
        String plain = TckData.recognisableKey("acme-");
        add(ws, BETA, "Beta one");

        Connection c = connections.addCustomConnection(
                ws, acme().setting("tenant", "t-42").apiKey(key(plain)).build());

        assertThat(c.integration().isCustom()).isTrue();
        assertThat(c.name()).isEqualTo("Acme main");
        assertThat(c.isDefault()).isTrue();
        assertThat(c.settings()).containsEntry("tenant", "t-42");
        assertThat(connections.connectedApps(ws))
                .extracting(ConnectedApp::displayName)
                .containsExactly("Acme CRM", "Beta AI");

        ResolvedConnection resolved = connections.resolveDefault(ws, c.integration());
        assertThat(resolved.placement()).isEqualTo(new KeyPlacement.Header("X-Acme-Key", "Token "));
        assertThat(resolved.baseUrl()).contains(URI.create("https://api.acme.example/v2"));
        assertThat(plainKey(resolved)).isEqualTo(plain);

        assertThat(connections.connectedApps(otherWs)).isEmpty();
        assertThatThrownBy(() -> connections.resolveDefault(otherWs, c.integration()))
                .isInstanceOf(NoConnectionException.class);
    }

    @Test
    @DisplayName("B4: a second custom connection with the same app name in another case joins the same app")
    void secondCustomConnectionJoinsTheApp() {
        Connection first = connections.addCustomConnection(ws, acme().build());
        Connection second = connections.addCustomConnection(
                ws, acme().appName("acme crm").connectionName("Acme backup").build());

        assertThat(second.integration()).isEqualTo(first.integration());
        assertThat(second.isDefault()).isFalse();
        assertThat(connections.connectedApps(ws))
                .singleElement()
                .extracting(ConnectedApp::connectionCount)
                .isEqualTo(2);

        // The same app name in another workspace is another app of that workspace.
        Connection elsewhere = connections.addCustomConnection(
                otherWs, acme().baseUrl("https://other.example").build());
        assertThat(elsewhere.isDefault()).isTrue();
        assertThat(connections
                        .integration(ws, first.integration())
                        .orElseThrow()
                        .baseUrl())
                .isEqualTo(URI.create("https://api.acme.example/v2"));
    }

    @Test
    @DisplayName("B4: an existing custom app name with another definition is refused on appName, nothing changes")
    void customAppDefinitionConflict() {
        connections.addCustomConnection(ws, acme().build());
        Snapshot before = tck.snapshot(ws);

        var e = catchThrowableOfType(
                ConnectionValidationException.class,
                () -> connections.addCustomConnection(
                        ws,
                        acme().baseUrl("https://elsewhere.example")
                                .connectionName("Other")
                                .build()));

        assertThat(e.fieldErrors()).containsKey("appName");
        assertThat(tck.snapshot(ws)).isEqualTo(before);
    }

    @Test
    @DisplayName("B4: query-parameter and basic-auth custom apps resolve with their placement and username")
    void customPlacements() {
        Connection query = connections.addCustomConnection(
                ws, acme().appName("Query App").queryParameter("api_key").build());
        Connection basic = connections.addCustomConnection(
                ws, acme().appName("Basic App").basicAuth("svc-user").build());
        Connection withPort = connections.addCustomConnection(
                ws,
                acme().appName("Port App")
                        .baseUrl("https://api.port-app.example:8443/api")
                        .build());

        assertThat(connections.resolveDefault(ws, query.integration()).placement())
                .isEqualTo(new KeyPlacement.QueryParameter("api_key"));
        ResolvedConnection b = connections.resolveDefault(ws, basic.integration());
        assertThat(b.placement()).isInstanceOf(KeyPlacement.BasicAuth.class);
        String usernameSetting = ((KeyPlacement.BasicAuth) b.placement()).usernameSetting();
        assertThat(usernameSetting).isNotNull();
        assertThat(b.settings()).containsEntry(usernameSetting, "svc-user");
        assertThat(connections.resolveDefault(ws, withPort.integration()).baseUrl())
                .contains(URI.create("https://api.port-app.example:8443/api"));
    }

    // ---- B5: edit -----------------------------------------------------------------------------------

    @Test
    @DisplayName("B5: rename with the current version bumps the version and keeps the key")
    void rename() {
        String plain = alphaKey();
        Connection c = connections.addConnection(ws, ALPHA, "Old name", key(plain));

        Connection renamed = connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), " New name "));

        assertThat(renamed.name()).isEqualTo("New name");
        assertThat(renamed.version()).isEqualTo(c.version() + 1);
        assertThat(renamed.secretRef()).isEqualTo(c.secretRef());
        assertThat(renamed.keyHint()).isEqualTo(c.keyHint());
        assertThat(renamed.createdAt()).isEqualTo(c.createdAt());
        assertThat(renamed.updatedAt()).isAfter(c.updatedAt());
        assertThat(current(ws, c)).isEqualTo(renamed);
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(plain);
        assertThat(connections.resolveDefault(ws, ALPHA).connection().name()).isEqualTo("New name");
    }

    @Test
    @DisplayName("B5: an edit that changes nothing keeps the version")
    void renameToSameName() {
        Connection c = add(ws, ALPHA, "Same");
        Connection after = connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "Same"));
        assertThat(after).isEqualTo(c);
        assertThat(tck.events(ws)).hasSize(1);
    }

    @Test
    @DisplayName("B5: a case-only rename of a connection's own name is allowed")
    void renameCaseOnly() {
        Connection c = add(ws, ALPHA, "main key");
        Connection after = connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "Main Key"));
        assertThat(after.name()).isEqualTo("Main Key");
    }

    @Test
    @DisplayName("B5: replacing the key stores a new secret, destroys the old one, and updates the hint")
    void replaceKey() {
        Connection c = add(ws, ALPHA, "Main");
        String newPlain = alphaKey();

        Connection replaced =
                connections.editConnection(ws, c.id(), ConnectionEdit.replaceApiKey(c.version(), key(newPlain)));

        assertThat(replaced.version()).isEqualTo(c.version() + 1);
        assertThat(replaced.name()).isEqualTo("Main");
        assertThat(replaced.secretRef()).isNotEqualTo(c.secretRef());
        assertThat(replaced.keyHint()).isEqualTo("…" + newPlain.substring(newPlain.length() - 4));
        assertThat(tck.secrets().get(ws, c.secretRef())).as("old key destroyed").isEmpty();
        assertThat(tck.secrets().get(ws, replaced.secretRef())).isPresent();
        assertThat(tck.secretsOf(ws)).hasSize(1);
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(newPlain);
        assertThat(plainKey(connections.resolve(ws, c.id()))).isEqualTo(newPlain);
    }

    @Test
    @DisplayName("B5: rename and replace in one edit")
    void renameAndReplace() {
        Connection c = add(ws, BETA, "Main");
        String newPlain = betaKey();

        Connection both =
                connections.editConnection(ws, c.id(), ConnectionEdit.of(c.version(), "Primary", key(newPlain)));

        assertThat(both.name()).isEqualTo("Primary");
        assertThat(both.version()).isEqualTo(c.version() + 1);
        assertThat(plainKey(connections.resolveDefault(ws, BETA))).isEqualTo(newPlain);
        assertThat(tck.events(ws))
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly("Created", "Renamed", "KeyReplaced");
    }

    @Test
    @DisplayName("B5: an edit against an old version is a StaleConnectionException and changes nothing")
    void staleEdit() {
        Connection c = add(ws, ALPHA, "Main");
        Connection renamed = connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "Renamed"));
        Snapshot before = tck.snapshot(ws);

        var stale = catchThrowableOfType(
                StaleConnectionException.class,
                () -> connections.editConnection(ws, c.id(), ConnectionEdit.of(c.version(), "Lost", key(alphaKey()))));

        assertThat(stale.connectionId()).isEqualTo(c.id());
        assertThat(stale.expectedVersion()).isEqualTo(c.version());
        assertThat(stale.actualVersion()).isEqualTo(renamed.version());
        assertThat(tck.snapshot(ws)).isEqualTo(before);
    }

    @Test
    @DisplayName("B5: renaming to another connection's name is refused and changes nothing")
    void renameToTakenName() {
        add(ws, ALPHA, "First");
        Connection second = add(ws, ALPHA, "Second");
        Snapshot before = tck.snapshot(ws);

        assertThatThrownBy(() ->
                        connections.editConnection(ws, second.id(), ConnectionEdit.rename(second.version(), "first")))
                .isInstanceOf(DuplicateConnectionNameException.class);
        assertThat(tck.snapshot(ws)).isEqualTo(before);
    }

    // ---- B6: default --------------------------------------------------------------------------------

    @Test
    @DisplayName("B6: the first connection becomes the default, later ones do not")
    void firstBecomesDefault() {
        Connection first = add(ws, ALPHA, "First");
        Connection second = add(ws, ALPHA, "Second");
        Connection otherApp = add(ws, BETA, "Beta");

        assertThat(first.isDefault()).isTrue();
        assertThat(second.isDefault()).isFalse();
        assertThat(otherApp.isDefault()).isTrue();
        assertThat(connections.resolveDefault(ws, ALPHA).connection().id()).isEqualTo(first.id());
    }

    @Test
    @DisplayName("B6: connections are listed default first, then by name ignoring case")
    void listingOrder() {
        add(ws, ALPHA, "charlie");
        add(ws, ALPHA, "Alpha");
        Connection bravo = add(ws, ALPHA, "bravo");
        add(ws, ALPHA, "Delta");

        assertThat(connections.connections(ws, ALPHA))
                .extracting(Connection::name)
                .containsExactly("charlie", "Alpha", "bravo", "Delta");

        connections.setDefault(ws, bravo.id());
        assertThat(connections.connections(ws, ALPHA))
                .extracting(Connection::name)
                .containsExactly("bravo", "Alpha", "charlie", "Delta");
    }

    @Test
    @DisplayName("B6: setDefault moves the badge: exactly one default, both versions bumped, the trigger follows")
    void setDefaultMovesTheBadge() {
        Connection first = add(ws, ALPHA, "First");
        Connection second = add(ws, ALPHA, "Second");
        connections.resolveDefault(ws, ALPHA); // cached now

        Connection now = connections.setDefault(ws, second.id());

        assertThat(now.isDefault()).isTrue();
        assertThat(now.version()).isEqualTo(second.version() + 1);
        Connection old = current(ws, first);
        assertThat(old.isDefault()).isFalse();
        assertThat(old.version()).isEqualTo(first.version() + 1);
        assertOneDefault(ws, ALPHA);
        assertThat(connections.resolveDefault(ws, ALPHA).connection()).isEqualTo(now);
        assertThat(tck.events(ws))
                .last()
                .isEqualTo(new ConnectionEvent.DefaultChanged(ws, ALPHA, second.id(), first.id(), now.updatedAt()));
    }

    @Test
    @DisplayName("B6: setDefault on the default changes nothing")
    void setDefaultOnDefault() {
        Connection first = add(ws, ALPHA, "First");
        add(ws, ALPHA, "Second");
        Snapshot before = tck.snapshot(ws);
        int events = tck.events(ws).size();

        Connection same = connections.setDefault(ws, first.id());

        assertThat(same).isEqualTo(first);
        assertThat(tck.snapshot(ws)).isEqualTo(before);
        assertThat(tck.events(ws)).hasSize(events);
    }

    // ---- B7: delete ---------------------------------------------------------------------------------

    @Test
    @DisplayName("B7: deleting a connection removes it and destroys its secret")
    void deleteDestroysTheSecret() {
        Connection keep = add(ws, ALPHA, "Keep");
        Connection gone = add(ws, ALPHA, "Gone");

        connections.deleteConnection(ws, gone.id(), gone.version());

        assertThat(connections.connection(ws, gone.id())).isEmpty();
        assertThat(tck.secrets().get(ws, gone.secretRef())).isEmpty();
        assertThat(connections.connections(ws, ALPHA)).containsExactly(keep);
        assertThat(tck.secretsOf(ws)).extracting(s -> s.binding().ref()).containsExactly(keep.secretRef());
        assertThatThrownBy(() -> connections.resolve(ws, gone.id())).isInstanceOf(ConnectionNotFoundException.class);
    }

    @Test
    @DisplayName("B7: deleting the default promotes the oldest remaining connection")
    void deleteDefaultPromotesOldest() {
        Connection first = add(ws, ALPHA, "First");
        Connection second = add(ws, ALPHA, "Second");
        add(ws, ALPHA, "Third");
        connections.resolveDefault(ws, ALPHA); // cached now

        connections.deleteConnection(ws, first.id(), first.version());

        Connection promoted = current(ws, second);
        assertThat(promoted.isDefault()).isTrue();
        assertThat(promoted.version()).isEqualTo(second.version() + 1);
        assertOneDefault(ws, ALPHA);
        assertThat(connections.resolveDefault(ws, ALPHA).connection()).isEqualTo(promoted);
        List<ConnectionEvent> events = tck.events(ws);
        assertThat(events.get(events.size() - 2)).isInstanceOfSatisfying(ConnectionEvent.Deleted.class, d -> {
            assertThat(d.connectionId()).isEqualTo(first.id());
            assertThat(d.wasDefault()).isTrue();
        });
        assertThat(events.get(events.size() - 1)).isInstanceOfSatisfying(ConnectionEvent.DefaultPromoted.class, p -> {
            assertThat(p.connectionId()).isEqualTo(second.id());
            assertThat(p.deletedDefault()).isEqualTo(first.id());
        });
    }

    @Test
    @DisplayName("B7: deleting the last connection leaves nothing to resolve")
    void deleteLast() {
        Connection only = add(ws, ALPHA, "Only");
        connections.resolveDefault(ws, ALPHA);

        connections.deleteConnection(ws, only.id(), only.version());

        assertThat(connections.connectedApps(ws)).isEmpty();
        assertThat(tck.secretsOf(ws)).isEmpty();
        assertThatThrownBy(() -> connections.resolveDefault(ws, ALPHA)).isInstanceOf(NoConnectionException.class);
    }

    @Test
    @DisplayName("B7: deleting with an old version is a StaleConnectionException and changes nothing")
    void staleDelete() {
        Connection c = add(ws, ALPHA, "Main");
        connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "Renamed"));
        Snapshot before = tck.snapshot(ws);

        assertThatThrownBy(() -> connections.deleteConnection(ws, c.id(), c.version()))
                .isInstanceOf(StaleConnectionException.class);
        assertThat(tck.snapshot(ws)).isEqualTo(before);
    }

    @Test
    @DisplayName("B7: unknown ids give ConnectionNotFoundException for edit, setDefault, delete and resolve")
    void unknownIds() {
        add(ws, ALPHA, "Main");
        ConnectionId unknown = ConnectionId.random();
        Snapshot before = tck.snapshot(ws);

        assertThat(connections.connection(ws, unknown)).isEmpty();
        for (Runnable call : List.<Runnable>of(
                () -> connections.editConnection(ws, unknown, ConnectionEdit.rename(1, "x")),
                () -> connections.setDefault(ws, unknown),
                () -> connections.deleteConnection(ws, unknown, 1),
                () -> connections.resolve(ws, unknown))) {
            assertThatThrownBy(call::run)
                    .isInstanceOfSatisfying(ConnectionNotFoundException.class, e -> assertThat(e.connectionId())
                            .isEqualTo(unknown));
        }
        assertThat(tck.snapshot(ws)).isEqualTo(before);
    }

    // ---- B8: trigger --------------------------------------------------------------------------------

    @Test
    @DisplayName("B8: resolveDefault gives the default, how to send the key, and the key itself on request")
    void resolveDefault() {
        String plain = betaKey();
        Connection c = connections.addConnection(ws, BETA, "Main", key(plain));
        add(ws, BETA, "Backup");

        ResolvedConnection resolved = connections.resolveDefault(ws, BETA);

        assertThat(resolved.connection()).isEqualTo(c);
        assertThat(resolved.integration().id()).isEqualTo(BETA);
        assertThat(resolved.placement()).isEqualTo(KeyPlacement.header("x-api-key"));
        assertThat(resolved.baseUrl()).contains(URI.create("https://api.beta.example/v1"));
        assertThat(plainKey(resolved)).isEqualTo(plain);
        assertThat(plainKey(resolved))
                .as("the key can be opened more than once")
                .isEqualTo(plain);
    }

    @Test
    @DisplayName("B8: resolve gives an explicit, non-default connection")
    void resolveExplicit() {
        add(ws, ALPHA, "Main");
        String plain = alphaKey();
        Connection backup = connections.addConnection(ws, ALPHA, "Backup", key(plain));

        ResolvedConnection resolved = connections.resolve(ws, backup.id());

        assertThat(resolved.connection()).isEqualTo(backup);
        assertThat(plainKey(resolved)).isEqualTo(plain);
    }

    @Test
    @DisplayName("B8: with no connection, NoConnectionException names the workspace and the integration")
    void noConnection() {
        add(ws, BETA, "Beta");
        var e = catchThrowableOfType(NoConnectionException.class, () -> connections.resolveDefault(ws, ALPHA));

        assertThat(e.workspace()).isEqualTo(ws);
        assertThat(e.integration()).isEqualTo(ALPHA);
        assertThat(e.getMessage()).contains(ws.value()).contains(ALPHA.value());
    }

    @Test
    @DisplayName("B8: resolveDefault reads its own writes after every kind of change, despite the cache")
    void resolveDefaultReadsYourWrites() {
        assertThatThrownBy(() -> connections.resolveDefault(ws, ALPHA)).isInstanceOf(NoConnectionException.class);

        String k1 = alphaKey();
        Connection first = connections.addConnection(ws, ALPHA, "First", key(k1));
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(k1);

        String k2 = alphaKey();
        Connection second = connections.addConnection(ws, ALPHA, "Second", key(k2));
        assertThat(connections.resolveDefault(ws, ALPHA).connection().id()).isEqualTo(first.id());

        second = connections.setDefault(ws, second.id());
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(k2);

        String k3 = alphaKey();
        second = connections.editConnection(ws, second.id(), ConnectionEdit.replaceApiKey(second.version(), key(k3)));
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(k3);

        second = connections.editConnection(ws, second.id(), ConnectionEdit.rename(second.version(), "Second renamed"));
        assertThat(connections.resolveDefault(ws, ALPHA).connection()).isEqualTo(second);

        connections.deleteConnection(ws, second.id(), second.version());
        assertThat(connections.resolveDefault(ws, ALPHA).connection()).isEqualTo(current(ws, first));
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(k1);

        Connection firstNow = current(ws, first);
        connections.deleteConnection(ws, firstNow.id(), firstNow.version());
        assertThatThrownBy(() -> connections.resolveDefault(ws, ALPHA)).isInstanceOf(NoConnectionException.class);

        String k4 = alphaKey();
        connections.addConnection(ws, ALPHA, "Again", key(k4));
        assertThat(plainKey(connections.resolveDefault(ws, ALPHA))).isEqualTo(k4);
    }

    // ---- validation ---------------------------------------------------------------------------------

    private ConnectionValidationException rejected(Runnable call) {
        Snapshot before = tck.snapshot(ws, ALPHA, BETA, GAMMA, DELTA);
        int events = tck.events(ws).size();
        var e = catchThrowableOfType(ConnectionValidationException.class, call::run);
        assertThat(e).as("a ConnectionValidationException").isNotNull();
        assertThat(tck.snapshot(ws, ALPHA, BETA, GAMMA, DELTA))
                .as("nothing changed")
                .isEqualTo(before);
        assertThat(tck.events(ws)).as("no event").hasSize(events);
        e.fieldErrors().values().forEach(messages -> assertThat(messages)
                .allSatisfy(m -> assertThat(m).isNotBlank()));
        return e;
    }

    @Test
    @DisplayName("validation: a connection name is 1-100 characters after trimming, without control characters")
    void nameRules() {
        add(ws, ALPHA, "Existing");
        for (String bad : List.of("", "   ", "x".repeat(101), "line\nbreak", "tab\there", "nul\u0000")) {
            var e = rejected(() -> connections.addConnection(ws, ALPHA, bad, key(alphaKey())));
            assertThat(e.fieldErrors()).as("name %s", bad.replace("\n", "\\n")).containsOnlyKeys("name");
        }
        assertThat(add(ws, ALPHA, "y".repeat(100)).name()).hasSize(100);
        assertThat(add(ws, ALPHA, "  " + "z".repeat(100) + "  ").name()).hasSize(100);
    }

    @Test
    @DisplayName("validation: an API key is 1-8192 characters without whitespace or control characters")
    void keyRules() {
        for (String bad : List.of("", "has space", "tab\tkey", "line\nkey", "nbsp\u00a0key", "k".repeat(8193))) {
            var e = rejected(() -> connections.addConnection(ws, ALPHA, "Main", key(bad)));
            assertThat(e.fieldErrors()).containsOnlyKeys("apiKey");
        }
        assertThat(connections
                        .addConnection(ws, ALPHA, "Longest", key("k".repeat(8192)))
                        .version())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("validation: a key must match the integration's format check, and the message does not echo it")
    void keyFormat() {
        String wrong = TckData.recognisableKey("sk-");
        var e = rejected(() -> connections.addConnection(ws, BETA, "Main", key(wrong)));
        assertThat(e.fieldErrors()).containsOnlyKeys("apiKey");
        assertThat(e.getMessage()).doesNotContain(wrong);
        assertThat(e.errorsFor("apiKey")).anySatisfy(m -> assertThat(m).contains("bk-"));
    }

    @Test
    @DisplayName("validation: every problem is reported at once, per field")
    void allProblemsAtOnce() {
        var e = rejected(() -> connections.addConnection(ws, BETA, " ", key("not a key")));
        assertThat(e.fieldErrors()).containsOnlyKeys("name", "apiKey");
    }

    @Test
    @DisplayName("validation: edits follow the same rules and change nothing when rejected")
    void editRules() {
        Connection c = add(ws, BETA, "Main");
        var name = rejected(() -> connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "")));
        assertThat(name.fieldErrors()).containsOnlyKeys("name");
        var k = rejected(() ->
                connections.editConnection(ws, c.id(), ConnectionEdit.replaceApiKey(c.version(), key("sk-wrong"))));
        assertThat(k.fieldErrors()).containsOnlyKeys("apiKey");
        var both = rejected(() -> connections.editConnection(
                ws, c.id(), ConnectionEdit.of(c.version(), "x".repeat(101), key("white space"))));
        assertThat(both.fieldErrors()).containsOnlyKeys("name", "apiKey");
    }

    @Test
    @DisplayName(
            "validation: a custom spec needs an app name, a public https base URL (the default BaseUrlPolicy) and valid"
                    + " names")
    void customRules() {
        record Case(CustomConnectionSpec spec, String field) {}
        List<Case> cases = List.of(
                new Case(acme().appName(" ").build(), "appName"),
                new Case(acme().appName("a".repeat(101)).build(), "appName"),
                new Case(acme().baseUrl("").build(), "baseUrl"),
                new Case(acme().baseUrl("http://api.acme.example").build(), "baseUrl"),
                new Case(acme().baseUrl("ftp://api.acme.example").build(), "baseUrl"),
                new Case(acme().baseUrl("not a url").build(), "baseUrl"),
                new Case(acme().baseUrl("https://user:pw@api.acme.example").build(), "baseUrl"),
                new Case(acme().baseUrl("http://localhost:8080/api").build(), "baseUrl"),
                new Case(acme().baseUrl("https://localhost").build(), "baseUrl"),
                new Case(acme().baseUrl("https://169.254.169.254/latest").build(), "baseUrl"),
                new Case(acme().baseUrl("https://10.0.0.5").build(), "baseUrl"),
                new Case(acme().baseUrl("https://2130706433").build(), "baseUrl"),
                new Case(acme().baseUrl("https://[::ffff:127.0.0.1]").build(), "baseUrl"),
                new Case(acme().baseUrl("https://metadata.google.internal").build(), "baseUrl"),
                new Case(acme().header("X Api Key", "").build(), "keyName"),
                new Case(acme().header("", "").build(), "keyName"),
                new Case(acme().header("X-Key:", "").build(), "keyName"),
                new Case(acme().queryParameter("api key").build(), "keyName"),
                new Case(acme().basicAuth("user:name").build(), "basicUsername"),
                new Case(acme().connectionName("").build(), "connectionName"),
                new Case(acme().connectionName("x".repeat(101)).build(), "connectionName"),
                new Case(acme().setting("bad name", "v").build(), "settings"),
                new Case(acme().header("X-Key", "Bearer\n").build(), "keyPrefix"),
                new Case(acme().apiKey(key("with space")).build(), "apiKey"));
        for (Case c : cases) {
            var e = rejected(() -> connections.addCustomConnection(ws, c.spec()));
            assertThat(e.fieldErrors()).as(c.spec().toString()).containsKey(c.field());
        }
    }

    @Test
    @DisplayName("validation: a custom spec with several problems reports each field")
    void customManyProblems() {
        var e = rejected(() -> connections.addCustomConnection(
                ws,
                acme().appName("")
                        .baseUrl("http://example.com")
                        .header("Bad Header", "")
                        .connectionName("")
                        .apiKey(key("bad key"))
                        .build()));
        assertThat(e.fieldErrors()).containsKeys("appName", "baseUrl", "keyName", "connectionName", "apiKey");
    }

    @Test
    @DisplayName("validation: a taken connection name of a custom app is reported on connectionName")
    void customDuplicateName() {
        connections.addCustomConnection(ws, acme().build());
        var e = rejected(() -> connections.addCustomConnection(
                ws, acme().connectionName("ACME MAIN").build()));
        assertThat(e.fieldErrors()).containsKey("connectionName");
    }

    // ---- isolation and events -----------------------------------------------------------------------

    @Test
    @DisplayName("isolation: another workspace's connection behaves exactly like one that does not exist")
    void workspaceIsolation() {
        Connection mine = add(ws, ALPHA, "Mine");
        Connection custom = connections.addCustomConnection(ws, acme().build());
        Snapshot before = tck.snapshot(ws);

        assertThat(connections.connection(otherWs, mine.id())).isEmpty();
        assertThat(connections.connections(otherWs, ALPHA)).isEmpty();
        assertThat(connections.connections(otherWs, custom.integration())).isEmpty();
        assertThat(connections.connectedApps(otherWs)).isEmpty();
        assertThat(connections.integration(otherWs, custom.integration())).isEmpty();
        assertThatThrownBy(() -> connections.resolveDefault(otherWs, ALPHA)).isInstanceOf(NoConnectionException.class);
        assertThatThrownBy(() -> connections.addConnection(otherWs, custom.integration(), "Sneaky", key(alphaKey())))
                .isInstanceOf(IntegrationNotFoundException.class);

        ConnectionId unknown = ConnectionId.random();
        List<Function<ConnectionId, Object>> calls = List.of(
                id -> connections.editConnection(otherWs, id, ConnectionEdit.rename(1, "Taken over")),
                id -> connections.setDefault(otherWs, id),
                id -> {
                    connections.deleteConnection(otherWs, id, 1);
                    return null;
                },
                id -> connections.resolve(otherWs, id));
        for (Function<ConnectionId, Object> call : calls) {
            var foreign = catchThrowableOfType(ConnectionNotFoundException.class, () -> call.apply(mine.id()));
            var missing = catchThrowableOfType(ConnectionNotFoundException.class, () -> call.apply(unknown));
            assertThat(foreign.getMessage().replace(mine.id().toString(), "<id>"))
                    .isEqualTo(missing.getMessage().replace(unknown.toString(), "<id>"));
        }
        assertThat(tck.snapshot(ws)).isEqualTo(before);
        assertThat(tck.events(otherWs)).isEmpty();
    }

    @Test
    @DisplayName("events: every change is reported in order with ids and names")
    void events() {
        Connection a = add(ws, ALPHA, "A");
        Connection b = add(ws, ALPHA, "B");
        b = connections.setDefault(ws, b.id());
        a = current(ws, a);
        a = connections.editConnection(ws, a.id(), ConnectionEdit.rename(a.version(), "A2"));
        a = connections.editConnection(ws, a.id(), ConnectionEdit.replaceApiKey(a.version(), key(alphaKey())));
        connections.deleteConnection(ws, b.id(), b.version());

        List<ConnectionEvent> events = tck.events(ws);
        assertThat(events)
                .extracting(e -> e.getClass().getSimpleName())
                .containsExactly(
                        "Created", "Created", "DefaultChanged", "Renamed", "KeyReplaced", "Deleted", "DefaultPromoted");
        assertThat(events).allSatisfy(e -> {
            assertThat(e.workspace()).isEqualTo(ws);
            assertThat(e.integration()).isEqualTo(ALPHA);
        });
        assertThat(events.get(0)).isInstanceOfSatisfying(ConnectionEvent.Created.class, e -> assertThat(e.isDefault())
                .isTrue());
        assertThat(events.get(1)).isInstanceOfSatisfying(ConnectionEvent.Created.class, e -> assertThat(e.isDefault())
                .isFalse());
        assertThat(events.get(3)).isInstanceOfSatisfying(ConnectionEvent.Renamed.class, e -> {
            assertThat(e.oldName()).isEqualTo("A");
            assertThat(e.newName()).isEqualTo("A2");
        });
        Connection promotedA = a;
        assertThat(events.get(6))
                .isInstanceOfSatisfying(ConnectionEvent.DefaultPromoted.class, e -> assertThat(e.connectionId())
                        .isEqualTo(promotedA.id()));
    }

    @Test
    @DisplayName("events: a failing listener neither undoes the change nor stops the other listeners")
    void failingListener() {
        TckConnections previous = tck;
        previous.close();
        List<ConnectionEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        tck = TckConnections.create(previous.repository(), previous.secrets(), b -> configure(b)
                .listener(e -> {
                    throw new IllegalStateException("listener failed on purpose");
                })
                .listener(seen::add));
        connections = tck.connections();

        Connection c = add(ws, ALPHA, "Main");

        assertThat(connections.connection(ws, c.id())).contains(c);
        assertThat(seen).hasSize(1);
    }

    // ---- orphaned keys ------------------------------------------------------------------------

    @Test
    @DisplayName("sweepOrphanedSecrets removes old keys no connection references, and never a referenced or young one")
    void sweepRemovesOnlyOldUnreferencedKeys() {
        Connection kept = add(ws, ALPHA, "Kept");
        Connection replaced = add(ws, ALPHA, "Replaced");
        Instant old = Instant.now().minus(Duration.ofHours(2));
        // Left by a write that never committed its row, by a replacement whose old key survived, and by a
        // write that may still be in flight.
        StoredSecret neverSaved = TckData.storedSecret(ws, SecretRef.random(old));
        StoredSecret leftOver = new StoredSecret(
                new SecretBinding(ws, replaced.id(), SecretRef.random(old)), TckData.sealed("tck-primary", 40));
        StoredSecret young =
                TckData.storedSecret(otherWs, SecretRef.random(Instant.now().minus(Duration.ofMinutes(30))));
        tck.secrets().put(neverSaved);
        tck.secrets().put(leftOver);
        tck.secrets().put(young);

        assertThat(connections.maintenance().sweepOrphanedSecrets(Duration.ofHours(1)))
                .isEqualTo(2);

        assertThat(tck.secretsOf(ws))
                .extracting(s -> s.binding().ref())
                .containsExactlyInAnyOrder(kept.secretRef(), replaced.secretRef());
        assertThat(tck.secretsOf(otherWs)).containsExactly(young);
        assertThat(plainKey(connections.resolve(ws, kept.id()))).startsWith("alpha-");
        assertThat(plainKey(connections.resolve(ws, replaced.id()))).startsWith("alpha-");
        assertThat(connections.maintenance().sweepOrphanedSecrets(Duration.ZERO))
                .isEqualTo(1);
        assertThat(tck.secretsOf(otherWs)).isEmpty();
        assertThat(connections.maintenance().sweepOrphanedSecrets(Duration.ZERO))
                .isZero();
    }

    @Test
    @DisplayName("sweepOrphanedSecrets refuses a negative age")
    void sweepRefusesNegativeAge() {
        assertThatThrownBy(() -> connections.maintenance().sweepOrphanedSecrets(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("olderThan");
    }
}
