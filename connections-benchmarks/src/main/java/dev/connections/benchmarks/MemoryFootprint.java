package dev.connections.benchmarks;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.connection.Connection;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.StoredSecret;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Bytes per connection held by the in-memory adapter (repository and secret store together), measured
 * with JOL over the reachable object graph, against the same connections and ciphertexts held as plain
 * records in one list: what the adapter's indexes and copies cost on top of the data itself. The records
 * share what a host's records share (a workspace's id, the key ring's key ids), so nothing is counted
 * twice on the baseline's side. System property {@code bench.memory.breakdown=true} prints JOL's per-class
 * table of both graphs.
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
        Map<String, String> keyIds = new HashMap<>();
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
                    payload.add(record(secrets.get(ws, c.secretRef()).orElseThrow(), keyIds));
                    added++;
                }
            }
            GraphLayout adapterGraph = GraphLayout.parseInstance(repository, secrets);
            GraphLayout bareGraph = GraphLayout.parseInstance(payload.toArray());
            if (Boolean.getBoolean("bench.memory.breakdown")) {
                System.out.println("Adapter:\n" + classes(adapterGraph));
                System.out.println("Records:\n" + classes(bareGraph));
            }
            long adapter = adapterGraph.totalSize();
            long bare = bareGraph.totalSize();
            return new Result(added, (double) adapter / added, (double) bare / added);
        }
    }

    /**
     * The secret as a host would hold its record: a store's read makes a new key-id string per secret, but
     * the key ring has one per key, so the baseline shares it rather than count it once per connection.
     */
    private static StoredSecret record(StoredSecret read, Map<String, String> keyIds) {
        SealedSecret sealed = read.sealed();
        String keyId = keyIds.computeIfAbsent(sealed.keyId(), k -> k);
        return new StoredSecret(read.binding(), new SealedSecret(sealed.formatVersion(), keyId, sealed.payload()));
    }

    /** JOL's per-class table without its first line, which names every root object. */
    private static String classes(GraphLayout graph) {
        String footprint = graph.toFootprint();
        return footprint.substring(footprint.indexOf('\n') + 1);
    }
}
