package dev.connections.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.id.IntegrationId;
import org.junit.jupiter.api.Test;

class ResolveCountersTest {
    private static final IntegrationId APP = IntegrationId.of("openai");

    @Test
    void startsAtZeroWithAPerfectHitRatio() {
        ResolveCounters.Snapshot s = new ResolveCounters().snapshot();
        assertThat(s.resolves()).isZero();
        assertThat(s.hitRatio()).isEqualTo(1.0);
        assertThat(s.meanLatencyNanos()).isZero();
    }

    @Test
    void countsHitsMissesAbsencesAndLatency() {
        ResolveCounters counters = new ResolveCounters();
        counters.resolved(APP, false, true, 3_000);
        counters.resolved(APP, true, true, 100);
        counters.resolved(APP, true, true, 200);
        counters.resolved(APP, false, false, 2_700);

        ResolveCounters.Snapshot s = counters.snapshot();
        assertThat(s.resolves()).isEqualTo(4);
        assertThat(s.cacheHits()).isEqualTo(2);
        assertThat(s.cacheMisses()).isEqualTo(2);
        assertThat(s.notFound()).isEqualTo(1);
        assertThat(s.hitRatio()).isEqualTo(0.5);
        assertThat(s.totalLatencyNanos()).isEqualTo(6_000);
        assertThat(s.meanLatencyNanos()).isEqualTo(1_500.0);
        assertThat(s.maxLatencyNanos()).isEqualTo(3_000);
    }
}
