package dev.connections.tck;

import static dev.connections.tck.TckCatalog.ALPHA;
import static dev.connections.tck.TckCatalog.BETA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.StorageException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.tck.fault.FaultInjector;
import dev.connections.tck.fault.FaultPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every write of the facade, hit by a storage fault at every point it passes: a write either takes full
 * effect and returns, or takes none and throws {@link StorageException}; and whatever happened, no key is
 * lost, no app is left without exactly one default, and once orphans are swept every secret belongs to a
 * connection.
 *
 * <p>Extend it and implement {@link #createStorage()}: a repository and secret store that faults can hit,
 * a healthy pair over the same data and a {@link FaultInjector} ({@link
 * dev.connections.tck.fault.FaultInjectingDataSource} for a JDBC adapter). For each write the contract
 * first runs it once to count the fault points it passes, then runs it again on fresh data once per
 * point, with a one-shot fault armed there. A fault the adapter retries or settles ends in success; one
 * it cannot ends in {@link StorageException}: both are accepted when the stored state matches. A write
 * whose outcome stays unknown ({@link OutcomeUnknownException}) may
 * have taken effect or not, but must not have destroyed a key a stored row references.
 *
 * <p>Finally, {@code outageLongerThanRetryBudget()}: storage that stays unreachable for longer than the
 * adapter retries makes a write fail with {@link StorageException} and loses no key.
 */
public abstract class ConnectionsFaultContract {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsFaultContract.class);
    private FaultyStorage storage;
    private FaultInjector faults;
    private Connections faulty;
    private TckConnections faultyTck;

    /** The storage under test with its fault injector; called before every test. */
    protected abstract FaultyStorage createStorage();

    /** Adjusts the wiring of the facade under test; the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    /** How long {@link #outageLongerThanRetryBudget} keeps storage unreachable: longer than the adapter retries. */
    protected Duration outageDuration() {
        return Duration.ofSeconds(2);
    }

    /** The writes the contract hits. */
    public enum Write {
        /** A third connection of an app that has two. */
        ADD,
        /** The first connection of an app, which becomes its default. */
        ADD_FIRST,
        /** A custom connection (custom app and its first connection). */
        ADD_CUSTOM,
        /** Renaming the second connection. */
        RENAME,
        /** Replacing the second connection's key. */
        REPLACE_KEY,
        /** Renaming the second connection and replacing its key at once. */
        RENAME_AND_REPLACE_KEY,
        /** Moving the default badge to the second connection. */
        SET_DEFAULT,
        /** Deleting the second connection, not the default. */
        DELETE,
        /** Deleting the default, which promotes the second connection. */
        DELETE_DEFAULT
    }

    /** One case's data: a workspace with two connections of ALPHA, a (default) and b, and every key in plain. */
    private record Setup(
            WorkspaceId ws,
            Connection a,
            Connection b,
            Map<ConnectionId, String> keys,
            String newKey,
            String newBetaKey) {}

    @BeforeEach
    void createFacade() {
        storage = createStorage();
        faults = storage.faults();
        faultyTck = TckConnections.create(storage.repository(), storage.secrets(), this::configure);
        faulty = faultyTck.connections();
    }

    @AfterEach
    void closeFacade() {
        try {
            faults.disarm();
            faultyTck.close();
        } finally {
            storage.cleanup().run();
        }
    }

    // ---- the cases ---------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @EnumSource(Write.class)
    void everyFaultPointOfEveryWrite(Write write) {
        Setup probe = setup();
        faults.startCounting();
        perform(write, faulty, probe);
        List<FaultPoint> points = faults.faultPoints();
        faults.disarm();
        assertThat(points).as("fault points of %s", write).isNotEmpty();

        List<String> violations = new ArrayList<>();
        int succeeded = 0;
        int broken = 0;
        for (FaultPoint point : points) {
            Setup s = setup();
            Map<IntegrationId, List<Connection>> before = rows(s.ws);
            List<String> secretsBefore = secretRefs(s.ws);
            faults.startCounting();
            point.arm();
            Object result = null;
            Throwable thrown = null;
            try {
                result = perform(write, faulty, s);
            } catch (Throwable t) {
                thrown = t;
            } finally {
                faults.disarm();
            }
            String what = write + " when " + point.description();
            if (thrown == null) {
                succeeded++;
            }
            int known = violations.size();
            check(what, write, s, before, secretsBefore, result, thrown, violations);
            if (violations.size() > known) {
                broken++;
            }
        }
        LOG.info(
                "fault contract {}: {}: {} fault points, {} writes succeeded, {} failed, {} cases broken",
                getClass().getSimpleName(),
                write,
                points.size(),
                succeeded,
                points.size() - succeeded,
                broken);
        if (!violations.isEmpty()) {
            fail(broken + " of " + points.size() + " faults broke " + write + " (" + succeeded
                    + " of the writes succeeded):\n  " + String.join("\n  ", violations));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = Write.class,
            names = {"ADD", "REPLACE_KEY", "DELETE_DEFAULT"})
    void outageLongerThanRetryBudget(Write write) {
        Setup s = setup();
        Map<IntegrationId, List<Connection>> before = rows(s.ws);
        List<String> secretsBefore = secretRefs(s.ws);
        faults.outage(outageDuration());
        Throwable thrown = null;
        Object result = null;
        long started = System.nanoTime();
        try {
            result = perform(write, faulty, s);
        } catch (Throwable t) {
            thrown = t;
        }
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        // Wait for the outage to end before reading back.
        long left = outageDuration().toMillis() - tookMillis;
        if (left > 0) {
            sleep(left + 50);
        }
        faults.disarm();
        assertThat(thrown)
                .as(
                        "%s while storage is unreachable for %s ms (took %s ms); if the adapter retried longer than"
                                + " the outage, lengthen outageDuration() or shorten its retry budget",
                        write, outageDuration().toMillis(), tookMillis)
                .isInstanceOf(StorageException.class);
        List<String> violations = new ArrayList<>();
        check(write + " during an outage", write, s, before, secretsBefore, result, thrown, violations);
        assertThat(violations).isEmpty();
    }

    // ---- checks ------------------------------------------------------------------------------------------------

    private void check(
            String what,
            Write write,
            Setup s,
            Map<IntegrationId, List<Connection>> before,
            List<String> secretsBefore,
            @Nullable Object result,
            @Nullable Throwable thrown,
            List<String> violations) {
        try (TckConnections healthyTck =
                TckConnections.create(storage.healthyRepository(), storage.healthySecrets(), b -> b)) {
            Connections healthy = healthyTck.connections();
            Map<IntegrationId, List<Connection>> after = rows(healthy, s.ws);
            boolean unknown = thrown != null && outcomeUnknown(thrown);
            // (a) success with its full effect, or StorageException and nothing changed.
            if (thrown == null) {
                String missing = effectMissing(write, s, result, healthy);
                if (missing != null) {
                    violations.add(what + ": returned success but " + missing);
                }
            } else if (!(thrown instanceof StorageException)) {
                violations.add(what + ": threw " + describe(thrown) + " instead of StorageException");
            } else if (unknown) {
                if (!after.equals(before) && effectMissing(write, s, result(write, s, healthy), healthy) != null) {
                    violations.add(what + ": outcome unknown (" + describe(thrown)
                            + ") but the stored connections are neither as before nor as after the write: "
                            + describeRows(after));
                }
            } else {
                if (!after.equals(before)) {
                    violations.add(what + ": threw " + describe(thrown) + " but the connections changed: "
                            + describeRows(before) + " became " + describeRows(after));
                }
                List<String> secretsAfter = secretRefs(healthyTck, s.ws);
                if (!secretsAfter.equals(secretsBefore)) {
                    violations.add(what + ": threw " + describe(thrown) + " but the stored secrets changed from "
                            + secretsBefore.size() + " to " + secretsAfter.size());
                }
            }
            // (b) every connection's key decrypts, to the key it was given.
            keysDecrypt(what, write, s, thrown == null, after, healthy, violations);
            // (c) exactly one default per app with connections.
            for (Map.Entry<IntegrationId, List<Connection>> app : after.entrySet()) {
                long defaults =
                        app.getValue().stream().filter(Connection::isDefault).count();
                if (!app.getValue().isEmpty() && defaults != 1) {
                    violations.add(what + ": app " + app.getKey() + " has " + defaults + " defaults");
                }
            }
            // The facade under test serves what is stored (its cache saw the write, or that it failed).
            for (IntegrationId app : List.of(ALPHA, BETA)) {
                Optional<ConnectionId> stored = after.getOrDefault(app, List.of()).stream()
                        .filter(Connection::isDefault)
                        .map(Connection::id)
                        .findFirst();
                Optional<ConnectionId> served = defaultServed(faulty, s.ws, app);
                if (!served.equals(stored)) {
                    violations.add(what + ": the facade under test resolves the default of " + app + " to " + served
                            + " but " + stored + " is stored");
                }
            }
            // (d) once orphans are swept, one secret per connection.
            sweep();
            int connections = after.values().stream().mapToInt(List::size).sum();
            int secrets = secretRefs(healthyTck, s.ws).size();
            if (secrets != connections) {
                violations.add(what + ": after sweeping orphans " + secrets + " secrets remain for " + connections
                        + " connections");
            }
        } catch (RuntimeException e) {
            violations.add(what + ": checking the outcome failed with " + describe(e));
        }
    }

    private void keysDecrypt(
            String what,
            Write write,
            Setup s,
            boolean succeeded,
            Map<IntegrationId, List<Connection>> after,
            Connections healthy,
            List<String> violations) {
        for (List<Connection> list : after.values()) {
            for (Connection c : list) {
                String key;
                try {
                    key = healthy.resolve(s.ws, c.id()).withKey(Secret::reveal);
                } catch (RuntimeException e) {
                    violations.add(what + ": the key of connection " + c.id() + " does not decrypt: " + describe(e));
                    continue;
                }
                List<String> allowed = new ArrayList<>();
                String old = s.keys.get(c.id());
                if (old != null && !(succeeded && replacesKey(write) && c.id().equals(s.b.id()))) {
                    allowed.add(old);
                }
                if (old == null || (replacesKey(write) && c.id().equals(s.b.id()))) {
                    allowed.add(s.newKey);
                    allowed.add(s.newBetaKey);
                }
                if (!allowed.contains(key)) {
                    violations.add(what + ": connection " + c.id() + " decrypts to another key than it was given");
                }
            }
        }
    }

    /** What is missing of the write's effect in the stored state, or null when all of it is there. */
    private @Nullable String effectMissing(Write write, Setup s, @Nullable Object result, Connections healthy) {
        List<Connection> alpha = healthy.connections(s.ws, ALPHA);
        Optional<Connection> a = find(alpha, s.a.id());
        Optional<Connection> b = find(alpha, s.b.id());
        switch (write) {
            case ADD, ADD_FIRST, ADD_CUSTOM -> {
                if (!(result instanceof Connection created)) {
                    return "no connection was returned";
                }
                Optional<Connection> stored = healthy.connection(s.ws, created.id());
                if (stored.isEmpty()) {
                    return "the new connection is not stored";
                }
                if (!stored.get().equals(created)) {
                    return "the stored connection differs from the returned one";
                }
                if (write != Write.ADD && !stored.get().isDefault()) {
                    return "the first connection of its app is not its default";
                }
                boolean listed = healthy.connectedApps(s.ws).stream()
                        .map(ConnectedApp::integration)
                        .anyMatch(i -> i.id().equals(created.integration()));
                return listed ? null : "its app is not among the connected apps";
            }
            case RENAME, REPLACE_KEY, RENAME_AND_REPLACE_KEY -> {
                if (b.isEmpty()) {
                    return "the edited connection is gone";
                }
                if (b.get().version() != s.b.version() + 1) {
                    return "the edited connection has version " + b.get().version();
                }
                boolean renamed = b.get().name().equals("Renamed");
                if (renamed != (write != Write.REPLACE_KEY)) {
                    return "the edited connection's name is " + b.get().name();
                }
                boolean newKey = !b.get().secretRef().equals(s.b.secretRef());
                return newKey == (write != Write.RENAME) ? null : "the key reference did not change as it should";
            }
            case SET_DEFAULT -> {
                return b.isPresent()
                                && b.get().isDefault()
                                && a.isPresent()
                                && !a.get().isDefault()
                        ? null
                        : "the default badge did not move";
            }
            case DELETE -> {
                return b.isEmpty() && a.isPresent() && a.get().isDefault() ? null : "the connection is not deleted";
            }
            case DELETE_DEFAULT -> {
                return a.isEmpty() && b.isPresent() && b.get().isDefault()
                        ? null
                        : "the default is not deleted with its successor promoted";
            }
            default -> throw new IllegalStateException(write.name());
        }
    }

    /** For an unknown outcome, the connection an add may have created (the one not in the setup), if any. */
    private static @Nullable Object result(Write write, Setup s, Connections healthy) {
        if (write != Write.ADD && write != Write.ADD_FIRST && write != Write.ADD_CUSTOM) {
            return null;
        }
        for (ConnectedApp app : healthy.connectedApps(s.ws)) {
            for (Connection c : healthy.connections(s.ws, app.integration().id())) {
                if (!s.keys.containsKey(c.id())) {
                    return c;
                }
            }
        }
        return null;
    }

    private static boolean replacesKey(Write write) {
        return write == Write.REPLACE_KEY || write == Write.RENAME_AND_REPLACE_KEY;
    }

    // ---- operations --------------------------------------------------------------------------------------------

    private static @Nullable Object perform(Write write, Connections c, Setup s) {
        return switch (write) {
            case ADD -> c.addConnection(s.ws, ALPHA, "Third", Secret.of(s.newKey));
            case ADD_FIRST -> c.addConnection(s.ws, BETA, "First", Secret.of(s.newBetaKey));
            case ADD_CUSTOM -> c.addCustomConnection(
                    s.ws,
                    CustomConnectionSpec.builder()
                            .appName("Acme CRM")
                            .baseUrl("https://api.acme.example/v2")
                            .header("X-Acme-Key", "Token ")
                            .connectionName("Acme main")
                            .apiKey(Secret.of(s.newKey))
                            .build());
            case RENAME -> c.editConnection(s.ws, s.b.id(), ConnectionEdit.rename(s.b.version(), "Renamed"));
            case REPLACE_KEY -> c.editConnection(
                    s.ws, s.b.id(), ConnectionEdit.replaceApiKey(s.b.version(), Secret.of(s.newKey)));
            case RENAME_AND_REPLACE_KEY -> c.editConnection(
                    s.ws, s.b.id(), ConnectionEdit.of(s.b.version(), "Renamed", Secret.of(s.newKey)));
            case SET_DEFAULT -> c.setDefault(s.ws, s.b.id());
            case DELETE -> {
                c.deleteConnection(s.ws, s.b.id(), s.b.version());
                yield null;
            }
            case DELETE_DEFAULT -> {
                c.deleteConnection(s.ws, s.a.id(), s.a.version());
                yield null;
            }
        };
    }

    /** A fresh workspace with two ALPHA connections, added through the facade under test with no fault armed. */
    private Setup setup() {
        WorkspaceId ws = TckData.newWorkspace();
        String keyA = TckData.recognisableKey("alpha-");
        String keyB = TckData.recognisableKey("alpha-");
        Connection a = faulty.addConnection(ws, ALPHA, "First", Secret.of(keyA));
        Connection b = faulty.addConnection(ws, ALPHA, "Second", Secret.of(keyB));
        Map<ConnectionId, String> keys = new HashMap<>();
        keys.put(a.id(), keyA);
        keys.put(b.id(), keyB);
        return new Setup(ws, a, b, keys, TckData.recognisableKey("alpha-"), TckData.recognisableKey("bk-"));
    }

    // ---- reading state -----------------------------------------------------------------------------------------

    private Map<IntegrationId, List<Connection>> rows(WorkspaceId ws) {
        try (TckConnections healthy =
                TckConnections.create(storage.healthyRepository(), storage.healthySecrets(), b -> b)) {
            return rows(healthy.connections(), ws);
        }
    }

    /** Every stored connection of the workspace by app (apps without connections left out). */
    private static Map<IntegrationId, List<Connection>> rows(Connections healthy, WorkspaceId ws) {
        Map<IntegrationId, List<Connection>> out = new HashMap<>();
        for (ConnectedApp app : healthy.connectedApps(ws)) {
            List<Connection> list = healthy.connections(ws, app.integration().id());
            if (!list.isEmpty()) {
                out.put(app.integration().id(), list);
            }
        }
        return out;
    }

    private List<String> secretRefs(WorkspaceId ws) {
        try (TckConnections healthy =
                TckConnections.create(storage.healthyRepository(), storage.healthySecrets(), b -> b)) {
            return secretRefs(healthy, ws);
        }
    }

    private static List<String> secretRefs(TckConnections healthy, WorkspaceId ws) {
        return healthy.secretsOf(ws).stream()
                .map(s -> s.binding().ref().toString())
                .sorted()
                .toList();
    }

    private static Optional<ConnectionId> defaultServed(Connections c, WorkspaceId ws, IntegrationId app) {
        try {
            return Optional.of(c.resolveDefault(ws, app).connection().id());
        } catch (dev.connections.error.NoConnectionException e) {
            return Optional.empty();
        }
    }

    private static Optional<Connection> find(List<Connection> list, ConnectionId id) {
        return list.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** Whether {@code t} reports a write whose outcome the adapter could not settle. */
    private static boolean outcomeUnknown(Throwable t) {
        return t instanceof OutcomeUnknownException;
    }

    /** Removes every unreferenced secret through the facade. */
    /**
     * Sweeps orphans as of an hour from now. Every facade here ticks its own clock a millisecond per reading
     * from its creation, so the facade under test, read many times, runs ahead of a healthy facade made later:
     * swept "as of now" by the healthy one, its newest keys would count as too young to be orphans.
     */
    private void sweep() {
        try (TckConnections sweeper = TckConnections.create(
                storage.healthyRepository(),
                storage.healthySecrets(),
                b -> b.clock(Clock.offset(Clock.systemUTC(), Duration.ofHours(1))))) {
            sweeper.connections().maintenance().sweepOrphanedSecrets(Duration.ZERO);
        }
    }

    /** Rows without key hints: per app, each connection's name, default badge and version. */
    private static String describeRows(Map<IntegrationId, List<Connection>> rows) {
        StringBuilder out = new StringBuilder("{");
        rows.forEach((app, list) -> {
            out.append(app).append(": ");
            for (Connection c : list) {
                out.append(c.name())
                        .append(c.isDefault() ? " (default)" : "")
                        .append(" v")
                        .append(c.version())
                        .append("; ");
            }
        });
        return out.append("}").toString();
    }

    private static String describe(Throwable t) {
        StringBuilder out = new StringBuilder(t.getClass().getSimpleName() + " \"" + t.getMessage() + "\"");
        Throwable cause = t.getCause();
        if (cause != null) {
            out.append(" caused by ")
                    .append(cause.getClass().getSimpleName())
                    .append(" \"")
                    .append(cause.getMessage())
                    .append("\"");
        }
        return out.toString();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
