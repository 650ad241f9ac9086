package dev.connections.cache;

/**
 * A snapshot of the resolution cache's counters, for the host's metrics.
 *
 * @param hitCount lookups answered from the cache without reading storage
 * @param missCount lookups that read (or tried to read) storage
 * @param evictionCount entries dropped for size or age
 * @param size entries held now (approximate), including expired ones kept for stale-if-error
 * @param staleServed lookups answered with an entry older than the maximum staleness because reloading
 *     it failed with a {@code StorageException} (stale-if-error); each is also a hit or, when that lookup
 *     tried storage itself, a miss. A rising value means storage is failing.
 */
public record ResolutionStats(long hitCount, long missCount, long evictionCount, long size, long staleServed) {

    /** Hits over all lookups; 1.0 when there were none. */
    public double hitRate() {
        long total = hitCount + missCount;
        return total == 0 ? 1.0 : (double) hitCount / total;
    }
}
