package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static dev.connections.tck.TckCatalog.DELTA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connections.Connections;
import dev.connections.catalog.Probe;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.SecretStore;
import dev.connections.spi.support.InMemoryConnectionStatusStore;
import dev.connections.tck.TckConnections.Snapshot;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.Verification;
import dev.connections.verify.Verification.Status;
import dev.connections.verify.VerifyBeforeSave;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Test connection" through the facade, on the adapter under test: {@code verifyConnection} hands the
 * verifier the stored key and changes nothing; {@code verifyBeforeSave} stores a key only when the
 * verifier's verdict allows it, and a refused key leaves no trace. The verifier is a scripted one: the
 * HTTP side has its own tests in core.
 */
public abstract class CredentialVerificationContract {
    private static final Instant CHECKED = Instant.parse("2026-11-29T09:00:00Z");

    /** The repository under test; called once per facade. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called once per facade, after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    /**
     * The status store the facade keeps check results and uses in; called once per facade, after {@link
     * #createSecretStore()}. Defaults to the builder's in-memory store.
     */
    protected ConnectionStatusStore createStatusStore() {
        return new InMemoryConnectionStatusStore();
    }

    private final ScriptedVerifier verifier = new ScriptedVerifier();
    private ConnectionStatusStore statusStore;
    private final WorkspaceId ws = TckData.newWorkspace();
    private TckConnections tck;

    /** Closes the facade (writing pending uses); subclasses call it before dropping their storage. */
    @AfterEach
    protected final void closeFacade() {
        if (tck != null) {
            tck.close();
            tck = null;
        }
    }

    private Connections facade(VerifyBeforeSave mode) {
        ConnectionRepository repository = createRepository();
        SecretStore secrets = createSecretStore();
        statusStore = createStatusStore();
        tck = TckConnections.create(repository, secrets, b -> b.credentialVerifier(verifier)
                .verifyBeforeSave(mode)
                .statusStore(statusStore)
                .usageFlushInterval(Duration.ZERO));
        return tck.connections();
    }

    @Test
    @DisplayName("verifyConnection hands the verifier the stored key and connection, and changes no connection or key")
    void verifyConnectionChecksTheStoredKey() {
        Connections connections = facade(VerifyBeforeSave.OFF);
        String key = TckData.recognisableKey("alpha-");
        Connection added = connections.addConnection(ws, ALPHA, "Main", Secret.of(key));
        assertThat(verifier.seen).as("OFF: nothing checked on add").isEmpty();
        Snapshot before = tck.snapshot(ws);

        verifier.answer = Status.INVALID;
        Verification result = connections.verifyConnection(ws, added.id());

        assertThat(result.status()).isEqualTo(Status.INVALID);
        assertThat(verifier.seen).singleElement().satisfies(seen -> {
            assertThat(seen.key()).isEqualTo(key);
            assertThat(seen.connection()).isEqualTo(added);
        });
        Snapshot after = tck.snapshot(ws);
        assertThat(after.connections()).isEqualTo(before.connections());
        assertThat(after.secrets()).isEqualTo(before.secrets());
    }

    @Test
    @DisplayName("verifyConnection of an unknown connection, or another workspace's, is not found")
    void verifyUnknown() {
        Connections connections = facade(VerifyBeforeSave.OFF);
        Connection added = connections.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        assertThatThrownBy(() -> connections.verifyConnection(ws, ConnectionId.random()))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThatThrownBy(() -> connections.verifyConnection(TckData.newWorkspace(), added.id()))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThat(verifier.seen).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = VerifyBeforeSave.class,
            names = {"SAVE_WHEN_UNREACHABLE", "REFUSE_WHEN_UNREACHABLE"})
    @DisplayName("a rejected key is a field error on apiKey, and nothing is stored")
    void rejectedKeyIsNotStored(VerifyBeforeSave mode) {
        Connections connections = facade(mode);
        Snapshot before = tck.snapshot(ws, DELTA);
        verifier.answer = Status.INVALID;
        String key = TckData.recognisableKey("delta-");

        ConnectionValidationException e = catchThrowableOfType(
                () -> connections.addConnection(
                        ws, new NewConnection(DELTA, "Main", Secret.of(key), Map.of("account", "AC-9"))),
                ConnectionValidationException.class);

        assertThat(e.fieldErrors()).containsOnlyKeys("apiKey");
        assertThat(e.fieldErrors().get("apiKey")).singleElement().asString().contains("rejected this key");
        assertThat(e.getMessage()).doesNotContain(key);
        assertThat(tck.snapshot(ws, DELTA)).isEqualTo(before);
        assertThat(verifier.seen).singleElement().satisfies(seen -> {
            assertThat(seen.key()).isEqualTo(key);
            assertThat(seen.connection().settings()).containsEntry("account", "AC-9");
        });
    }

    @Test
    @DisplayName("an unreachable API: saved unverified in SAVE_WHEN_UNREACHABLE, refused in REFUSE_WHEN_UNREACHABLE")
    void unreachableApi() {
        Connections saving = facade(VerifyBeforeSave.SAVE_WHEN_UNREACHABLE);
        verifier.answer = Status.UNREACHABLE;
        Connection saved = saving.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        assertThat(saving.connections(ws, ALPHA)).containsExactly(saved);
        tck.close();

        Connections refusing = facade(VerifyBeforeSave.REFUSE_WHEN_UNREACHABLE);
        Snapshot before = tck.snapshot(ws);
        assertThatThrownBy(() -> refusing.addConnection(ws, ALPHA, "Second", Secret.of(TckData.recognisableKey("b-"))))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(
                                e.fieldErrors().get("apiKey"))
                        .singleElement()
                        .asString()
                        .startsWith("Could not check the key"));
        assertThat(tck.snapshot(ws)).isEqualTo(before);
    }

    @Test
    @DisplayName("a valid or uncheckable key is stored; input errors are reported before any check is sent")
    void validAndUnsupportedKeysAreStored() {
        Connections connections = facade(VerifyBeforeSave.REFUSE_WHEN_UNREACHABLE);
        verifier.answer = Status.VALID;
        connections.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        verifier.answer = Status.UNSUPPORTED;
        connections.addConnection(ws, ALPHA, "Second", Secret.of(TckData.recognisableKey("b-")));
        assertThat(connections.connections(ws, ALPHA)).hasSize(2);

        int checks = verifier.seen.size();
        assertThatThrownBy(() -> connections.addConnection(ws, ALPHA, " ", Secret.of(TckData.recognisableKey("c-"))))
                .isInstanceOf(ConnectionValidationException.class);
        assertThat(verifier.seen).as("no check for input that fails validation").hasSize(checks);
    }

    @Test
    @DisplayName("replacing a key with a rejected one keeps the old key, version and hint")
    void rejectedReplacementKeepsTheOldKey() {
        Connections connections = facade(VerifyBeforeSave.SAVE_WHEN_UNREACHABLE);
        verifier.answer = Status.VALID;
        String oldKey = TckData.recognisableKey("old-");
        Connection added = connections.addConnection(ws, ALPHA, "Main", Secret.of(oldKey));
        Snapshot before = tck.snapshot(ws);

        verifier.answer = Status.INVALID;
        String newKey = TckData.recognisableKey("new-");
        assertThatThrownBy(() -> connections.editConnection(
                        ws, added.id(), ConnectionEdit.replaceApiKey(added.version(), Secret.of(newKey))))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("apiKey"));

        assertThat(tck.snapshot(ws)).isEqualTo(before);
        assertThat(connections.resolve(ws, added.id()).withKey(Secret::reveal)).isEqualTo(oldKey);
        assertThat(verifier.seen.get(verifier.seen.size() - 1).key()).isEqualTo(newKey);
    }

    @Test
    @DisplayName("a verifier that throws counts as unreachable, and its message (which may hold a URL) is not shown")
    void throwingVerifier() {
        Connections connections = facade(VerifyBeforeSave.OFF);
        Connection added = connections.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        verifier.failWith = new IllegalStateException("GET https://api.example/v1?key=secret failed");
        Verification result = connections.verifyConnection(ws, added.id());
        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).doesNotContain("key=");
    }

    @Test
    @DisplayName("a check's result becomes the connection's status; a rejected default flags its app")
    void checkResultIsKept() {
        Connections connections = facade(VerifyBeforeSave.OFF);
        Connection main = connections.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        Connection spare = connections.addConnection(ws, ALPHA, "Spare", Secret.of(TckData.recognisableKey("b-")));
        assertThat(connections.status(ws, main.id())).isEqualTo(ConnectionStatus.UNKNOWN);

        verifier.answer = Status.INVALID;
        Verification rejected = connections.verifyConnection(ws, spare.id());
        assertThat(connections.status(ws, spare.id()).verification()).contains(rejected);
        assertThat(connections.connectedApps(ws))
                .as("a rejected key on a connection that is not the default needs no attention")
                .singleElement()
                .satisfies(app -> assertThat(app.needsAttention()).isFalse());

        connections.verifyConnection(ws, main.id());
        assertThat(connections.connectedApps(ws)).singleElement().satisfies(app -> assertThat(app.needsAttention())
                .isTrue());
        assertThat(connections.statuses(ws, ALPHA)).containsOnlyKeys(main.id(), spare.id());

        verifier.answer = Status.VALID;
        connections.verifyConnection(ws, main.id());
        assertThat(connections.connectedApps(ws)).singleElement().satisfies(app -> assertThat(app.needsAttention())
                .isFalse());
    }

    @Test
    @DisplayName("the check before saving is the new connection's status; a replaced key drops the old key's result")
    void checkBeforeSaveAndReplacedKey() {
        Connections connections = facade(VerifyBeforeSave.SAVE_WHEN_UNREACHABLE);
        verifier.answer = Status.UNREACHABLE;
        Connection added = connections.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        assertThat(connections.status(ws, added.id()).verification())
                .map(Verification::status)
                .contains(Status.UNREACHABLE);
        tck.close();

        Connections unchecked = facade(VerifyBeforeSave.OFF);
        Connection c = unchecked.addConnection(ws, ALPHA, "Main", Secret.of(TckData.recognisableKey("a-")));
        unchecked.verifyConnection(ws, c.id());
        unchecked.editConnection(
                ws, c.id(), ConnectionEdit.replaceApiKey(c.version(), Secret.of(TckData.recognisableKey("n-"))));
        assertThat(unchecked.status(ws, c.id()).verification())
                .as("the old key's result")
                .isEmpty();
    }

    @Test
    @DisplayName("a trigger's resolve is a use (written in the background), a check is not; deleting drops the status")
    void lastUsedAndDelete() {
        Connections connections = facade(VerifyBeforeSave.OFF);
        Connection checked = connections.addConnection(ws, ALPHA, "Checked", Secret.of(TckData.recognisableKey("a-")));
        Connection doomed = connections.addConnection(ws, ALPHA, "Doomed", Secret.of(TckData.recognisableKey("b-")));
        Connection used = connections.addConnection(
                ws,
                new NewConnection(DELTA, "Used", Secret.of(TckData.recognisableKey("d-")), Map.of("account", "AC-1")));
        connections.verifyConnection(ws, checked.id());
        connections.verifyConnection(ws, doomed.id());
        for (int i = 0; i < 100; i++) {
            connections.resolveDefault(ws, DELTA);
        }
        connections.deleteConnection(ws, doomed.id(), doomed.version());
        tck.close(); // writes what is pending
        tck = null;

        assertThat(statusStore.statuses(ws).get(used.id()).lastUsed()).isPresent();
        assertThat(statusStore.statuses(ws).get(checked.id()).lastUsed()).isEmpty();
        assertThat(statusStore.statuses(ws)).doesNotContainKey(doomed.id());
    }

    @Test
    @DisplayName("a custom app's check path is stored with the app (on every adapter) and reaches the verifier")
    void customAppProbePath() {
        Connections connections = facade(VerifyBeforeSave.OFF);
        Connection added = connections.addCustomConnection(
                ws,
                CustomConnectionSpec.builder()
                        .appName("Acme CRM")
                        .baseUrl("https://api.acme.example/v2")
                        .header("X-Acme-Key", "Token ")
                        .setting("tenant", "t-1")
                        .probePath("/tenants/{tenant}/me")
                        .connectionName("Acme main")
                        .apiKey(Secret.of(TckData.recognisableKey("acme-")))
                        .build());
        Probe expected = Probe.get("/tenants/{tenant}/me");
        assertThat(connections
                        .integration(ws, added.integration())
                        .orElseThrow()
                        .credentials()
                        .verificationProbe())
                .contains(expected);
        connections.verifyConnection(ws, added.id());
        assertThat(verifier.integrations).containsExactly(added.integration());

        for (String bad : List.of("me", "/../admin", "/{nothing}/me", "/a#b")) {
            assertThatThrownBy(() -> connections.addCustomConnection(
                            ws,
                            CustomConnectionSpec.builder()
                                    .appName("Other app")
                                    .baseUrl("https://api.other.example")
                                    .probePath(bad)
                                    .connectionName("Main")
                                    .apiKey(Secret.of(TckData.recognisableKey("o-")))
                                    .build()))
                    .as(bad)
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                            .containsOnlyKeys("probePath"));
        }
    }

    /** What a verifier was handed: the connection and the plain key it could open. */
    private record Seen(Connection connection, String key) {
        // A failing assertion prints what it compared; the plain key must not reach the test output.
        @Override
        public String toString() {
            return "Seen[connection=" + connection.id() + ", key=****]";
        }
    }

    /** A verifier answering what the test scripts, recording what it was asked. */
    private static final class ScriptedVerifier implements CredentialVerifier {
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final List<IntegrationId> integrations = new CopyOnWriteArrayList<>();
        volatile Status answer = Status.VALID;
        volatile @Nullable RuntimeException failWith;

        @Override
        public Verification verify(ResolvedConnection connection) {
            seen.add(new Seen(connection.connection(), connection.withKey(Secret::reveal)));
            connection
                    .integration()
                    .credentials()
                    .verificationProbe()
                    .ifPresent(p -> integrations.add(connection.integration().id()));
            if (failWith != null) {
                throw failWith;
            }
            return new Verification(answer, "scripted " + answer, answer == Status.UNREACHABLE ? null : 200, CHECKED);
        }
    }
}
