package dev.connections.tck;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.crypto.KeyRing;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Connections} facade wired for the contracts — given storage, the {@link TckCatalog}, a fixed
 * key ring, a {@link TickingClock} and an event recorder — plus the probes the contracts check state
 * with.
 */
public final class TckConnections implements AutoCloseable {
    /** The key ring every contract encrypts with: fixed, so a shared database stays readable. */
    public static final KeyRing KEY_RING =
            KeyRing.builder().primary("tck-primary", fixedKey()).build();

    private final Connections connections;
    private final ConnectionRepository repository;
    private final SecretStore secrets;
    private final List<ConnectionEvent> events = Collections.synchronizedList(new ArrayList<>());

    private TckConnections(
            ConnectionRepository repository, SecretStore secrets, UnaryOperator<ConnectionsBuilder> customize) {
        this.repository = repository;
        this.secrets = secrets;
        ConnectionsBuilder builder = ConnectionsBuilder.newBuilder()
                .repository(repository)
                .secretStore(secrets)
                .keyRing(KEY_RING)
                .catalog(new TckCatalog())
                .clock(TickingClock.startingNow())
                .listener(events::add);
        this.connections = customize.apply(builder).build();
    }

    /** A facade over {@code repository} and {@code secrets}; {@code customize} may change any part. */
    public static TckConnections create(
            ConnectionRepository repository, SecretStore secrets, UnaryOperator<ConnectionsBuilder> customize) {
        return new TckConnections(repository, secrets, customize);
    }

    public Connections connections() {
        return connections;
    }

    public ConnectionRepository repository() {
        return repository;
    }

    public SecretStore secrets() {
        return secrets;
    }

    /** Every event so far, in order. */
    public List<ConnectionEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events of one workspace, in order. */
    public List<ConnectionEvent> events(WorkspaceId workspace) {
        return events().stream().filter(e -> e.workspace().equals(workspace)).toList();
    }

    /** Every stored secret of one workspace, found by walking the whole store. */
    public List<StoredSecret> secretsOf(WorkspaceId workspace) {
        List<StoredSecret> out = new ArrayList<>();
        @Nullable SecretRef after = null;
        while (true) {
            List<StoredSecret> page = secrets.scan(after, 500);
            page.stream().filter(s -> s.binding().workspace().equals(workspace)).forEach(out::add);
            if (page.size() < 500) {
                return out;
            }
            after = page.get(page.size() - 1).binding().ref();
        }
    }

    /** Everything a workspace has, as the facade and the stores show it: equal snapshots mean nothing changed. */
    public Snapshot snapshot(WorkspaceId workspace, IntegrationId... alsoApps) {
        List<ConnectedApp> apps = connections.connectedApps(workspace);
        Map<IntegrationId, List<Connection>> byApp = new LinkedHashMap<>();
        for (ConnectedApp app : apps) {
            byApp.put(
                    app.integration().id(),
                    connections.connections(workspace, app.integration().id()));
        }
        for (IntegrationId app : alsoApps) {
            byApp.putIfAbsent(app, connections.connections(workspace, app));
        }
        List<Integration> custom = new ArrayList<>(repository.customApps(workspace));
        custom.sort(Comparator.comparing(Integration::id));
        List<StoredSecret> stored = new ArrayList<>(secretsOf(workspace));
        stored.sort(Comparator.comparing(s -> s.binding().ref()));
        return new Snapshot(apps, byApp, custom, stored);
    }

    @Override
    public void close() {
        connections.close();
    }

    /** A workspace's visible state; see {@link #snapshot}. */
    public record Snapshot(
            List<ConnectedApp> connectedApps,
            Map<IntegrationId, List<Connection>> connections,
            List<Integration> customApps,
            List<StoredSecret> secrets) {}

    private static byte[] fixedKey() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x5a ^ (i * 31));
        }
        return key;
    }
}
