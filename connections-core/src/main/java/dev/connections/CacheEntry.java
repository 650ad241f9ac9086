package dev.connections;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One answer of the {@link ResolutionCache}: the value, when storage was read for it, the loader that can read
 * it again, and the flags that keep one refresh, one
 * background retry and one retry pause per entry.
 *
 * <p>Deliberately identity-compared (no equals): a refresh replaces exactly the entry
 * it started from, never an equal-looking one loaded after an invalidation.
 */
final class CacheEntry {
    /** No time: a retry pause not started, a warning never given. */
    static final long NEVER = Long.MIN_VALUE;

    private static final VarHandle REFRESHING;
    private static final VarHandle RETRYING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            REFRESHING = lookup.findVarHandle(CacheEntry.class, "refreshing", boolean.class);
            RETRYING = lookup.findVarHandle(CacheEntry.class, "retrying", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Optional<CachedResolution> value;
    // Ticker time before storage was read: ages are counted from the read, not from its completion.
    final long loadedAt;
    // The loader that produced this entry; its caller has finished, so running it again to refresh
    // touches no state of a call still in progress (the facade's loader flags "read storage").
    final Supplier<Optional<CachedResolution>> loader;
    // Until when, after a failed reload, callers serve this entry without trying storage.
    volatile long retryAfter = NEVER;

    @SuppressWarnings("unused") // through REFRESHING
    private volatile boolean refreshing;

    @SuppressWarnings("unused") // through RETRYING
    private volatile boolean retrying;

    CacheEntry(Optional<CachedResolution> value, long loadedAt, Supplier<Optional<CachedResolution>> loader) {
        this.value = value;
        this.loadedAt = loadedAt;
        this.loader = loader;
    }

    boolean claimRefresh() {
        return REFRESHING.compareAndSet(this, false, true);
    }

    void releaseRefresh() {
        REFRESHING.setVolatile(this, false);
    }

    boolean claimRetry() {
        return RETRYING.compareAndSet(this, false, true);
    }

    void releaseRetry() {
        RETRYING.setVolatile(this, false);
    }

    /** Whether a reload of this entry has failed: storage is failing for its key. */
    boolean reloadFailed() {
        return retryAfter != NEVER;
    }

    boolean inRetryPause(long now) {
        long until = retryAfter;
        return until != NEVER && now - until < 0;
    }
}
