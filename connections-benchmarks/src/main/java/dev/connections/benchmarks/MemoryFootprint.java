package dev.connections.benchmarks;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per connection held by the in-memory adapter (repository and secret store together), measured
 * with JOL over the reachable object graph, against the same connections and ciphertexts held as plain
 * records in two lists: what the adapter's indexes and copies cost on top of the data itself.
 */
final class MemoryFootprint {
    /** Workspaces hold 2 apps with 2 connections each, like a typical small team. */
    private static final int PER_WORKSPACE = 4;

    record Result(int connections, double bytesPerConnection, double baselineBytesPerConnection) {}

    private MemoryFootprint() {}

    static Result measure(int connections) {
        // JOL cannot read field offsets of records through Unsafe on this JDK without this switch.
        if (System.getProperty("jol.magicFieldOffset") == null) {
            System.setProperty("jol.magicFieldOffset", "true");
        }
        List<Integration> apps = Fixtures.integrations(2);
        InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
        InMemorySecretStore secrets = new InMemorySecretStore();
        List<Object> payload = new ArrayList<>(connections * 2);
        try (Connections facade = ConnectionsBuilder.newBuilder()
                .repository(repository)
                .secretStore(secrets)
                .keyRing(Fixtures.keyRing())
                .catalog(Fixtures.catalog(apps))
                .cacheMaximumSize(0)
                .build()) {
            int workspaces = Math.max(1, connections / PER_WORKSPACE);
            int added = 0;
            for (int w = 0; w < workspaces && added < connections; w++) {
                WorkspaceId ws = WorkspaceId.of("workspace-" + w);
                for (int i = 0; i < PER_WORKSPACE && added < connections; i++) {
                    Integration app = apps.get(i % apps.size());
                    Connection c = facade.addConnection(ws, app.id(), "Key " + i, Secret.of(Fixtures.apiKey(added)));
                    payload.add(c);
                    payload.add(secrets.get(ws, c.secretRef()).orElseThrow());
                    added++;
                }
            }
            long adapter = GraphLayout.parseInstance(repository, secrets).totalSize();
            long bare = GraphLayout.parseInstance(payload.toArray()).totalSize();
            return new Result(added, (double) adapter / added, (double) bare / added);
        }
    }
}
