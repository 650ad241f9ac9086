package dev.connections.benchmarks;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationMatch;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.secret.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Explore all integrations" search over a 10,000-integration catalog, against a linear scan of
 * pre-lowercased names with {@link String#contains}. Each operation is one query from a fixed mix:
 * whole names, prefixes, substrings, two words, odd case and punctuation, and a miss.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ExploreBenchmark {
    static final int CATALOG_SIZE = 10_000;
    private static final String[] QUERIES = {
        "slack", "pay", "Nova Pay", "hyp", "ops 7", "zzzz", "AI", "cobalt-ledger", "Ember  Mail 12", "sear"
    };

    private final WorkspaceId workspace = WorkspaceId.of("acme-workspace");
    private Connections connections;
    private String[] lowerNames;
    private List<Integration> integrations;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        integrations = Fixtures.integrations(CATALOG_SIZE);
        connections = ConnectionsBuilder.newBuilder()
                .repository(new InMemoryConnectionRepository())
                .secretStore(new InMemorySecretStore())
                .keyRing(Fixtures.keyRing())
                .catalog(Fixtures.catalog(integrations))
                .build();
        // A workspace with a few connected apps, so results carry their "connected" flag.
        for (int i = 0; i < 5; i++) {
            connections.addConnection(
                    workspace, integrations.get(i * 997).id(), "Key " + i, Secret.of(Fixtures.apiKey(i)));
        }
        lowerNames = integrations.stream()
                .map(app -> app.displayName().toLowerCase(Locale.ROOT))
                .toArray(String[]::new);
    }

    private String nextQuery() {
        String q = QUERIES[next];
        next = (next + 1) % QUERIES.length;
        return q;
    }

    @Benchmark
    public List<IntegrationMatch> exploreIntegrations() {
        return connections.exploreIntegrations(workspace, nextQuery());
    }

    @Benchmark
    public List<Integration> baselineLinearContainsScan() {
        String q = nextQuery().toLowerCase(Locale.ROOT);
        List<Integration> found = new ArrayList<>();
        for (int i = 0; i < lowerNames.length; i++) {
            if (lowerNames[i].contains(q)) {
                found.add(integrations.get(i));
            }
        }
        return found;
    }
}
