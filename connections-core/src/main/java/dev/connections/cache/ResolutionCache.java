package dev.connections.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import dev.connections.WorkspaceId;
import dev.connections.catalog.IntegrationId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The Caffeine cache in front of {@code resolveDefault}: (workspace, app) → default connection and its
 * ciphertext, or the fact that there is none.
 *
 * <p>Entries expire after the maximum staleness (positive) or the negative TTL (absent), which bounds
 * how long a lost change notice can matter. Invalidation of a key waits for an in-flight load of the
 * same key, so a load that read storage before a write cannot re-insert its stale result after the
 * write's invalidation. Used by the facade; hosts see only {@link #stats()}.
 */
public final class ResolutionCache {
    private final Cache<Key, Optional<CachedResolution>> cache;
    // Bumped by every bulk invalidation: a load that overlapped one may hold data read before the change.
    private final AtomicLong bulkInvalidations = new AtomicLong();
    // Caffeine evicts a size-0 cache only during its asynchronous maintenance, so reads could still hit;
    // "0 disables caching" is kept by not using the cache at all.
    private final boolean disabled;
    private final LongAdder bypassedLoads = new LongAdder();

    private record Key(WorkspaceId workspace, IntegrationId integration) {}

    public ResolutionCache(long maximumSize, Duration maxStaleness, Duration negativeTtl) {
        this(maximumSize, maxStaleness, negativeTtl, Ticker.systemTicker());
    }

    ResolutionCache(long maximumSize, Duration maxStaleness, Duration negativeTtl, Ticker ticker) {
        this.disabled = maximumSize == 0;
        long positiveNanos = maxStaleness.toNanos();
        long negativeNanos = negativeTtl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new Expiry<Key, Optional<CachedResolution>>() {
                    @Override
                    public long expireAfterCreate(Key key, Optional<CachedResolution> value, long currentTime) {
                        return value.isPresent() ? positiveNanos : negativeNanos;
                    }

                    @Override
                    public long expireAfterUpdate(
                            Key key, Optional<CachedResolution> value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(
                            Key key, Optional<CachedResolution> value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                .recordStats()
                .build();
    }

    /** The cached resolution, loading it with {@code loader} on a miss. */
    public Optional<CachedResolution> get(
            WorkspaceId workspace, IntegrationId integration, Supplier<Optional<CachedResolution>> loader) {
        Objects.requireNonNull(loader, "loader");
        if (disabled) {
            bypassedLoads.increment();
            return loader.get();
        }
        Key key = new Key(workspace, integration);
        long before = bulkInvalidations.get();
        Optional<CachedResolution> value = cache.get(key, k -> loader.get());
        if (bulkInvalidations.get() != before) {
            // removeIf cannot see an entry still being loaded, so drop it now rather than serve it for long.
            cache.invalidate(key);
        }
        return value;
    }

    /** Drops one app's entry; call after a committed write to it. */
    public void invalidate(WorkspaceId workspace, IntegrationId integration) {
        cache.invalidate(new Key(workspace, integration));
    }

    /** Drops every entry of a workspace; used when another instance reports a change. */
    public void invalidateWorkspace(WorkspaceId workspace) {
        bulkInvalidations.incrementAndGet();
        cache.asMap().keySet().removeIf(key -> key.workspace().equals(workspace));
    }

    /** Drops everything; used when change notices may have been missed. */
    public void invalidateAll() {
        bulkInvalidations.incrementAndGet();
        cache.invalidateAll();
    }

    public ResolutionStats stats() {
        CacheStats s = cache.stats();
        return new ResolutionStats(
                s.hitCount(), s.missCount() + bypassedLoads.sum(), s.evictionCount(), cache.estimatedSize());
    }
}
