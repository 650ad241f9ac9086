package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static dev.connections.tck.TckCatalog.BETA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.NewConnection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.assertj.core.util.Throwables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Runs a full scenario with recognisable keys — adds, custom apps, rejected input, stale and unknown
 * edits, key replacement, default changes, deletes, the trigger path, a failing listener — and then
 * looks for the plain keys everywhere they must never appear: every log line at every level (with stack
 * traces), every event, the {@code toString} of everything returned, every exception's message and stack
 * trace, and the stored ciphertext.
 *
 * <p>Extend it and implement {@link #createRepository()} and {@link #createSecretStore()}; an adapter
 * with its own storage adds a text dump of it through {@link #storageDump()}. Logs are captured through
 * the SLF4J binding, which must be Logback: add {@code logback-classic} with test scope (the kit does not bring
 * it along; without it the contract fails saying so).
 */
public abstract class SecretLeakContract {
    private final List<String> keys = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private LogCapture logs;
    protected TckConnections tck;
    protected Connections connections;
    protected WorkspaceId ws;

    /** The repository under test. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test. */
    protected abstract SecretStore createSecretStore();

    /** Adjusts the facade's wiring; the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    /**
     * Everything the adapter stored, as text (for a database: every row of every table of the test's
     * schema), scanned for plain keys after the scenario. The default returns nothing.
     */
    protected List<String> storageDump() {
        return List.of();
    }

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
        tck = TckConnections.create(
                createRepository(), createSecretStore(), b -> configure(b).listener(event -> {
                    throw new IllegalStateException("a listener that fails, to get its warning logged: " + event);
                }));
        connections = tck.connections();
        ws = TckData.newWorkspace();
    }

    @AfterEach
    void stopCapturing() {
        logs.stop();
        tck.close();
    }

    private Secret key(String marker) {
        String plain = TckData.recognisableKey(marker);
        keys.add(plain);
        return Secret.of(plain);
    }

    private <T> T keep(T returned) {
        texts.add(String.valueOf(returned));
        return returned;
    }

    private void expectFailure(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).as("the scenario step should have failed").isNotNull();
        texts.add(thrown.getMessage());
        texts.add(thrown.toString());
        // The whole trace as text, causes and suppressed included: what a host's error log would show.
        texts.add(Throwables.getStackTrace(thrown));
        if (thrown instanceof ConnectionValidationException v) {
            texts.add(v.fieldErrors().toString());
        }
    }

    private void expectFailure(Supplier<?> call) {
        expectFailure((Runnable) call::get);
    }

    @Test
    @DisplayName("no plain key in logs, events, toString, exceptions or storage after a full scenario")
    void noPlainKeyAnywhere() {
        Connection main = keep(connections.addConnection(ws, ALPHA, "Main", key("sk-LEAKCANARY-")));
        Connection backup = keep(connections.addConnection(
                ws, new NewConnection(ALPHA, "Backup", key("sk-LEAKBACKUP-"), java.util.Map.of())));
        keep(connections.addConnection(ws, BETA, "Beta", key("bk-LEAKBETA-")));
        CustomConnectionSpec spec = CustomConnectionSpec.builder()
                .appName("Leaky CRM")
                .baseUrl("https://api.leaky.example")
                .header("X-Leaky-Key", "Token ")
                .connectionName("Leaky main")
                .apiKey(key("LEAKCUSTOM-"))
                .build();
        keep(spec);
        Connection custom = keep(connections.addCustomConnection(ws, spec));
        keep(connections.addCustomConnection(
                ws,
                CustomConnectionSpec.builder()
                        .appName("Leaky Basic")
                        .baseUrl("https://basic.leaky.example")
                        .basicAuth("svc")
                        .connectionName("Basic")
                        .apiKey(key("LEAKBASIC-"))
                        .build()));

        // Rejected input: wrong format, whitespace, duplicates, bad custom specs, stale and unknown edits.
        expectFailure(() -> connections.addConnection(ws, BETA, "Wrong format", key("sk-LEAKWRONGFORMAT-")));
        String spaced = TckData.recognisableKey("LEAKSPACE-") + " " + TckData.recognisableKey("tail-");
        keys.add(spaced);
        expectFailure(() -> connections.addConnection(ws, ALPHA, "Spaced", Secret.of(spaced)));
        expectFailure(() -> connections.addConnection(ws, ALPHA, "MAIN", key("sk-LEAKDUPLICATE-")));
        expectFailure(() -> connections.addCustomConnection(
                ws,
                CustomConnectionSpec.builder()
                        .appName("")
                        .baseUrl("http://insecure.example")
                        .header("Bad Header", "")
                        .connectionName("")
                        .apiKey(key("LEAKBADSPEC-"))
                        .build()));
        ConnectionEdit stale = keep(ConnectionEdit.of(main.version() + 5, "Stale", key("sk-LEAKSTALE-")));
        expectFailure(() -> connections.editConnection(ws, main.id(), stale));
        expectFailure(() -> connections.editConnection(
                ws, ConnectionId.random(), ConnectionEdit.replaceApiKey(1, key("sk-LEAKUNKNOWN-"))));
        expectFailure(() -> connections.editConnection(
                TckData.newWorkspace(),
                main.id(),
                ConnectionEdit.replaceApiKey(main.version(), key("sk-LEAKOTHERWS-"))));

        // Changes that succeed.
        Connection renamed =
                keep(connections.editConnection(ws, main.id(), ConnectionEdit.rename(main.version(), "Primary")));
        Connection replaced = keep(connections.editConnection(
                ws, renamed.id(), ConnectionEdit.replaceApiKey(renamed.version(), key("sk-LEAKREPLACED-"))));
        keep(connections.setDefault(ws, backup.id()));
        ResolvedConnection resolved = keep(connections.resolveDefault(ws, ALPHA));
        assertThat(resolved.withKey(Secret::length)).isPositive();
        keep(resolved.withKey(secret -> secret));
        keep(connections.resolve(ws, replaced.id()));
        keep(connections.resolveDefault(ws, custom.integration()));
        keep(connections.connectedApps(ws));
        keep(connections.connectedApps(ws, 1));
        keep(connections.connections(ws, ALPHA));
        keep(connections.integration(ws, custom.integration()));
        keep(connections.maintenance().cacheStats());
        connections.deleteConnection(
                ws,
                backup.id(),
                connections.connection(ws, backup.id()).orElseThrow().version());
        expectFailure(() -> connections.resolveDefault(ws, dev.connections.id.IntegrationId.of("tck-gamma-crm")));
        keep(tck.repository().list(ws, ALPHA));
        keep(tck.repository().customApps(ws));

        tck.events().forEach(this::keep);
        List<String> logLines = logs.lines();
        for (StoredSecret stored : tck.secretsOf(ws)) {
            byte[] bytes = stored.sealed().toBytes();
            texts.add(new String(bytes, StandardCharsets.ISO_8859_1));
            texts.add(new String(bytes, StandardCharsets.UTF_8));
            texts.add(stored.toString());
        }
        texts.addAll(storageDump());

        // The capture works: audit lines and the failing listener's warning are there to be scanned.
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("connection.created"));
        assertThat(logLines).anySatisfy(line -> assertThat(line).contains("a listener that fails"));
        assertThat(tck.events(ws)).isNotEmpty();
        assertThat(keys).hasSizeGreaterThan(10);

        List<String> scanned = new ArrayList<>(texts);
        scanned.addAll(logLines);
        for (String plain : keys) {
            // Hints show the last characters, so look for the rest of the key as well as the whole of it.
            String withoutHint = plain.substring(0, plain.length() - 4);
            String middle = plain.substring(4, Math.min(plain.length(), 20));
            for (String text : scanned) {
                assertThat(text)
                        .as("a plain key leaked")
                        .doesNotContain(plain)
                        .doesNotContain(withoutHint)
                        .doesNotContain(middle);
            }
        }
    }
}
