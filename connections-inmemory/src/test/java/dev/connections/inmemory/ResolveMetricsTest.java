package dev.connections.inmemory;

import static dev.connections.inmemory.CacheTestSupport.OPENAI;
import static dev.connections.inmemory.CacheTestSupport.SLACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.cache.ResolveCounters;
import dev.connections.connection.Connection;
import dev.connections.error.NoConnectionException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import org.junit.jupiter.api.Test;

class ResolveMetricsTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme");

    @Test
    void reportsMissesHitsAndAbsencesOfResolveDefault() {
        ResolveCounters counters = new ResolveCounters();
        try (Connections connections = CacheTestSupport.over(
                        new InMemoryConnectionRepository(), new InMemorySecretStore())
                .metrics(counters)
                .build()) {
            connections.addConnection(WS, OPENAI, "Main", Secret.of("sk-test-0123456789abcdef"));

            connections.resolveDefault(WS, OPENAI);
            connections.resolveDefault(WS, OPENAI);
            connections.resolveDefault(WS, OPENAI);
            assertThatThrownBy(() -> connections.resolveDefault(WS, SLACK)).isInstanceOf(NoConnectionException.class);

            ResolveCounters.Snapshot s = counters.snapshot();
            assertThat(s.resolves()).isEqualTo(4);
            assertThat(s.cacheHits()).isEqualTo(2);
            assertThat(s.cacheMisses()).isEqualTo(2);
            assertThat(s.notFound()).isEqualTo(1);
            assertThat(s.maxLatencyNanos()).isPositive();
            assertThat(connections.maintenance().cacheStats().hitCount()).isEqualTo(2);
        }
    }

    @Test
    void aWriteMakesTheNextResolveAMissAgain() {
        ResolveCounters counters = new ResolveCounters();
        try (Connections connections = CacheTestSupport.over(
                        new InMemoryConnectionRepository(), new InMemorySecretStore())
                .metrics(counters)
                .build()) {
            Connection first = connections.addConnection(WS, OPENAI, "Main", Secret.of("sk-test-0123456789abcdef"));
            connections.resolveDefault(WS, OPENAI);
            Connection second = connections.addConnection(WS, OPENAI, "Backup", Secret.of("sk-test-fedcba9876543210"));
            connections.setDefault(WS, second.id());

            assertThat(connections.resolveDefault(WS, OPENAI).connection().id()).isEqualTo(second.id());
            assertThat(counters.snapshot().cacheMisses()).isEqualTo(2);
            assertThat(first.id()).isNotEqualTo(second.id());
        }
    }

    @Test
    void aFailingMetricsHookDoesNotBreakResolution() {
        try (Connections connections = CacheTestSupport.over(
                        new InMemoryConnectionRepository(), new InMemorySecretStore())
                .metrics((integration, cacheHit, found, nanos) -> {
                    throw new IllegalStateException("metrics backend down");
                })
                .build()) {
            Connection c = connections.addConnection(WS, OPENAI, "Main", Secret.of("sk-test-0123456789abcdef"));

            assertThat(connections.resolveDefault(WS, OPENAI).connection().id()).isEqualTo(c.id());
        }
    }
}
