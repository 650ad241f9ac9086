package dev.connections.cache;

/**
 * A snapshot of the resolution cache's counters, for the host's metrics.
 *
 * @param hitCount lookups served from the cache
 * @param missCount lookups that read storage
 * @param evictionCount entries dropped for size or age
 * @param size entries held now (approximate)
 */
public record ResolutionStats(long hitCount, long missCount, long evictionCount, long size) {

    /** Hits over all lookups; 1.0 when there were none. */
    public double hitRate() {
        long total = hitCount + missCount;
        return total == 0 ? 1.0 : (double) hitCount / total;
    }
}
