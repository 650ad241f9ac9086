package dev.connections.cache;

import dev.connections.id.IntegrationId;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link ResolveMetrics} that keeps running totals in striped counters, cheap enough for the hot
 * path; read them with {@link #snapshot()}.
 */
public final class ResolveCounters implements ResolveMetrics {
    private final LongAdder resolves = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder notFound = new LongAdder();
    private final LongAdder totalNanos = new LongAdder();
    private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

    /** Creates counters at zero. */
    public ResolveCounters() {}

    @Override
    public void resolved(IntegrationId integration, boolean cacheHit, boolean found, long latencyNanos) {
        resolves.increment();
        if (cacheHit) {
            hits.increment();
        }
        if (!found) {
            notFound.increment();
        }
        totalNanos.add(latencyNanos);
        maxNanos.accumulate(latencyNanos);
    }

    /** The totals so far; counters updated concurrently may be slightly apart. */
    public Snapshot snapshot() {
        return new Snapshot(resolves.sum(), hits.sum(), notFound.sum(), totalNanos.sum(), maxNanos.get());
    }

    /**
     * Totals of {@link ResolveCounters}.
     *
     * @param resolves calls to {@code resolveDefault}
     * @param cacheHits calls answered from the cache
     * @param notFound calls that found no default connection
     * @param totalLatencyNanos sum of the lookups' latencies
     * @param maxLatencyNanos the slowest lookup
     */
    public record Snapshot(long resolves, long cacheHits, long notFound, long totalLatencyNanos, long maxLatencyNanos) {

        /** Calls that read storage. */
        public long cacheMisses() {
            return resolves - cacheHits;
        }

        /** Hits over all calls; 1.0 when there were none. */
        public double hitRatio() {
            return resolves == 0 ? 1.0 : (double) cacheHits / resolves;
        }

        /** Mean lookup latency in nanoseconds; 0 when there were no calls. */
        public double meanLatencyNanos() {
            return resolves == 0 ? 0 : (double) totalLatencyNanos / resolves;
        }
    }
}
