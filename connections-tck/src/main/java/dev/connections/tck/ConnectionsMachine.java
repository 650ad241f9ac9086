package dev.connections.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.NoConnectionException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The system under test of {@link ConnectionsStatefulContract} together with a deliberately simple model
 * of what it should hold: every operation is applied to both, and the facade is compared with the model
 * after every step.
 */
final class ConnectionsMachine implements AutoCloseable {
    /** The apps the machine uses: three catalog apps and one custom app. */
    enum App {
        ALPHA,
        BETA,
        GAMMA,
        CUSTOM
    }

    static final String CUSTOM_APP_NAME = "Acme CRM";

    /** One connection as the model knows it. */
    static final class ModelConnection {
        final ConnectionId id;
        final App app;
        final long seq;
        String name;
        String key;
        boolean isDefault;
        long version = 1;

        ModelConnection(ConnectionId id, App app, long seq, String name, String key, boolean isDefault) {
            this.id = id;
            this.app = app;
            this.seq = seq;
            this.name = name;
            this.key = key;
            this.isDefault = isDefault;
        }

        @Override
        public String toString() {
            return name + "@" + app + "#" + seq;
        }
    }

    private final TckConnections tck;
    private final Connections connections;
    final List<WorkspaceId> workspaces;
    private final Map<WorkspaceId, Map<App, List<ModelConnection>>> model = new LinkedHashMap<>();
    private @Nullable IntegrationId customAppId;
    private long seq;

    ConnectionsMachine(TckConnections tck, int workspaceCount) {
        this.tck = tck;
        this.connections = tck.connections();
        List<WorkspaceId> ws = new ArrayList<>();
        for (int i = 0; i < workspaceCount; i++) {
            WorkspaceId id = TckData.newWorkspace();
            ws.add(id);
            Map<App, List<ModelConnection>> apps = new LinkedHashMap<>();
            for (App app : App.values()) {
                apps.put(app, new ArrayList<>());
            }
            model.put(id, apps);
        }
        this.workspaces = List.copyOf(ws);
    }

    @Override
    public void close() {
        tck.close();
    }

    @Override
    public String toString() {
        return "ConnectionsMachine" + model.values();
    }

    // ---- model queries ------------------------------------------------------------------------------

    List<ModelConnection> all() {
        List<ModelConnection> out = new ArrayList<>();
        model.values().forEach(apps -> apps.values().forEach(out::addAll));
        return out;
    }

    WorkspaceId workspaceOf(ModelConnection c) {
        return model.entrySet().stream()
                .filter(e -> e.getValue().get(c.app).contains(c))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    private List<ModelConnection> list(WorkspaceId ws, App app) {
        return model.get(ws).get(app);
    }

    private static boolean nameTaken(List<ModelConnection> list, String name, @Nullable ModelConnection except) {
        String key = name.toLowerCase(Locale.ROOT);
        return list.stream()
                .anyMatch(c -> c != except && c.name.toLowerCase(Locale.ROOT).equals(key));
    }

    private Optional<IntegrationId> idOf(App app) {
        return switch (app) {
            case ALPHA -> Optional.of(TckCatalog.ALPHA);
            case BETA -> Optional.of(TckCatalog.BETA);
            case GAMMA -> Optional.of(TckCatalog.GAMMA);
            case CUSTOM -> Optional.ofNullable(customAppId);
        };
    }

    private static boolean validKey(String key) {
        return !key.isEmpty() && key.chars().noneMatch(ch -> Character.isWhitespace(ch) || Character.isISOControl(ch));
    }

    private static boolean validKeyFor(App app, String key) {
        return validKey(key) && (app != App.BETA || key.matches(TckCatalog.BETA_KEY_PATTERN));
    }

    // ---- operations (each applied to the facade and the model) ---------------------------------------

    void add(int wsIndex, App app, String name, String key) {
        WorkspaceId ws = workspaces.get(wsIndex);
        List<ModelConnection> list = list(ws, app);
        boolean keyOk = validKeyFor(app, key);
        boolean taken = nameTaken(list, name, null);
        Throwable thrown = catchThrowable(() -> {
            Connection c = app == App.CUSTOM
                    ? connections.addCustomConnection(
                            ws,
                            CustomConnectionSpec.builder()
                                    .appName(CUSTOM_APP_NAME)
                                    .baseUrl("https://api.acme.example")
                                    .header("X-Acme-Key", "")
                                    .connectionName(name)
                                    .apiKey(Secret.of(key))
                                    .build())
                    : connections.addConnection(ws, idOf(app).orElseThrow(), name, Secret.of(key));
            if (app == App.CUSTOM) {
                customAppId = c.integration();
            }
            ModelConnection m = new ModelConnection(c.id(), app, seq++, name, key, list.isEmpty());
            list.add(m);
            assertThat(c.isDefault()).as("first connection becomes default").isEqualTo(m.isDefault);
            assertThat(c.version()).isEqualTo(1);
        });
        if (!keyOk) {
            assertThat(thrown).isInstanceOf(ConnectionValidationException.class);
            assertThat(((ConnectionValidationException) thrown).fieldErrors()).containsKey("apiKey");
        } else if (taken) {
            assertThat(thrown)
                    .isInstanceOf(
                            app == App.CUSTOM
                                    ? ConnectionValidationException.class
                                    : DuplicateConnectionNameException.class);
        } else {
            assertThat(thrown).isNull();
        }
    }

    void rename(ModelConnection c, String newName, boolean stale) {
        WorkspaceId ws = workspaceOf(c);
        long expected = stale ? staleVersion(c) : c.version;
        Throwable thrown =
                catchThrowable(() -> connections.editConnection(ws, c.id, ConnectionEdit.rename(expected, newName)));
        if (nameTaken(list(ws, c.app), newName, c)) {
            assertThat(thrown).isInstanceOf(DuplicateConnectionNameException.class);
        } else if (stale) {
            assertThat(thrown).isInstanceOf(StaleConnectionException.class);
        } else {
            assertThat(thrown).isNull();
            if (!newName.equals(c.name)) {
                c.name = newName;
                c.version++;
            }
        }
    }

    void replaceKey(ModelConnection c, String newKey, boolean stale) {
        WorkspaceId ws = workspaceOf(c);
        long expected = stale ? staleVersion(c) : c.version;
        SecretRef oldRef = connections.connection(ws, c.id).orElseThrow().secretRef();
        Throwable thrown = catchThrowable(
                () -> connections.editConnection(ws, c.id, ConnectionEdit.replaceApiKey(expected, Secret.of(newKey))));
        if (!validKeyFor(c.app, newKey)) {
            assertThat(thrown).isInstanceOf(ConnectionValidationException.class);
        } else if (stale) {
            assertThat(thrown).isInstanceOf(StaleConnectionException.class);
        } else {
            assertThat(thrown).isNull();
            c.key = newKey;
            c.version++;
            assertThat(tck.secrets().get(ws, oldRef))
                    .as("replaced key destroyed")
                    .isEmpty();
        }
    }

    void setDefault(ModelConnection c) {
        WorkspaceId ws = workspaceOf(c);
        connections.setDefault(ws, c.id);
        if (!c.isDefault) {
            for (ModelConnection other : list(ws, c.app)) {
                if (other.isDefault) {
                    other.isDefault = false;
                    other.version++;
                }
            }
            c.isDefault = true;
            c.version++;
        }
    }

    void delete(ModelConnection c, boolean stale) {
        WorkspaceId ws = workspaceOf(c);
        SecretRef ref = connections.connection(ws, c.id).orElseThrow().secretRef();
        Throwable thrown =
                catchThrowable(() -> connections.deleteConnection(ws, c.id, stale ? staleVersion(c) : c.version));
        if (stale) {
            assertThat(thrown).isInstanceOf(StaleConnectionException.class);
            return;
        }
        assertThat(thrown).isNull();
        List<ModelConnection> list = list(ws, c.app);
        list.remove(c);
        if (c.isDefault && !list.isEmpty()) {
            ModelConnection oldest =
                    list.stream().min(Comparator.comparingLong(m -> m.seq)).orElseThrow();
            oldest.isDefault = true;
            oldest.version++;
        }
        assertThat(tck.secrets().get(ws, ref))
                .as("deleted connection's key destroyed")
                .isEmpty();
    }

    void resolve(ModelConnection c) {
        assertThat(connections.resolve(workspaceOf(c), c.id).withKey(Secret::reveal))
                .isEqualTo(c.key);
    }

    /** Uses a connection's id from another workspace: it must behave as unknown and change nothing. */
    void poke(ModelConnection c, int wsOffset) {
        WorkspaceId owner = workspaceOf(c);
        int index = (workspaces.indexOf(owner) + wsOffset) % workspaces.size();
        WorkspaceId intruder = workspaces.get(index);
        assertThat(connections.connection(intruder, c.id)).isEmpty();
        assertThatThrownBy(() -> connections.setDefault(intruder, c.id))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThatThrownBy(() -> connections.deleteConnection(intruder, c.id, c.version))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThatThrownBy(
                        () -> connections.editConnection(intruder, c.id, ConnectionEdit.rename(c.version, "Mine now")))
                .isInstanceOf(ConnectionNotFoundException.class);
    }

    private static long staleVersion(ModelConnection c) {
        return c.version > 1 ? c.version - 1 : c.version + 1;
    }

    // ---- the comparison -----------------------------------------------------------------------------

    /** Checks the facade against the model: listings, counts, defaults, the trigger path, isolation. */
    void checkAgainstModel() {
        for (WorkspaceId ws : workspaces) {
            Map<IntegrationId, Integer> expectedCounts = new LinkedHashMap<>();
            for (App app : App.values()) {
                Optional<IntegrationId> id = idOf(app);
                List<ModelConnection> expected = new ArrayList<>(list(ws, app));
                if (id.isEmpty()) {
                    assertThat(expected).isEmpty();
                    continue;
                }
                if (!expected.isEmpty()) {
                    expectedCounts.put(id.get(), expected.size());
                }
                expected.sort(Comparator.comparing((ModelConnection m) -> !m.isDefault)
                        .thenComparing(m -> m.name.toLowerCase(Locale.ROOT))
                        .thenComparingLong(m -> m.seq));
                List<Connection> actual = connections.connections(ws, id.get());
                assertThat(actual)
                        .as("%s %s", ws, app)
                        .extracting(Connection::id, Connection::name, Connection::isDefault, Connection::version)
                        .containsExactlyElementsOf(expected.stream()
                                .map(m -> org.assertj.core.groups.Tuple.tuple(m.id, m.name, m.isDefault, m.version))
                                .toList());
                if (expected.isEmpty()) {
                    assertThatThrownBy(() -> connections.resolveDefault(ws, id.get()))
                            .isInstanceOf(NoConnectionException.class);
                } else {
                    ModelConnection def = expected.get(0);
                    var resolved = connections.resolveDefault(ws, id.get());
                    assertThat(resolved.connection().id()).isEqualTo(def.id);
                    assertThat(resolved.withKey(Secret::reveal)).isEqualTo(def.key);
                }
                for (ModelConnection m : expected) {
                    for (WorkspaceId other : workspaces) {
                        if (!other.equals(ws)) {
                            assertThat(connections.connection(other, m.id)).isEmpty();
                        }
                    }
                }
            }
            List<ConnectedApp> apps = connections.connectedApps(ws);
            Map<IntegrationId, Integer> actualCounts = new LinkedHashMap<>();
            apps.forEach(a -> actualCounts.put(a.integration().id(), a.connectionCount()));
            assertThat(actualCounts).as("connected apps of %s", ws).isEqualTo(expectedCounts);
            assertThat(apps)
                    .extracting(a -> a.displayName().toLowerCase(Locale.ROOT))
                    .isSortedAccordingTo(Comparator.naturalOrder());
        }
    }

    /** At the end of a run: every workspace holds exactly the secrets of its live connections. */
    void checkNoOrphanSecrets() {
        for (WorkspaceId ws : workspaces) {
            List<SecretRef> live = new ArrayList<>();
            for (App app : App.values()) {
                idOf(app).ifPresent(id -> connections.connections(ws, id).forEach(c -> live.add(c.secretRef())));
            }
            assertThat(tck.secretsOf(ws)).extracting(s -> s.binding().ref()).containsExactlyInAnyOrderElementsOf(live);
        }
    }
}
