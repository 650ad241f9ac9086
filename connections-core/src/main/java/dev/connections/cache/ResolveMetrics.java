package dev.connections.cache;

import dev.connections.id.IntegrationId;

/**
 * Receives one call per {@code resolveDefault}, for the host's metrics (resolve count, cache hit
 * ratio, resolve latency).
 *
 * <p>Called on the resolving thread after the lookup finishes, so an implementation must be fast,
 * thread-safe and must not throw; a throw is logged and ignored. The latency covers the lookup (cache,
 * or storage on a miss), not the decryption, which happens later in {@link
 * dev.connections.connection.ResolvedConnection#withKey}. No workspace or secret material is passed:
 * workspace ids make poor metric labels and keys must never reach metrics. {@link ResolveCounters} is a
 * ready-made implementation; a Micrometer bridge is a few lines.
 */
@FunctionalInterface
public interface ResolveMetrics {

    /** Records nothing; the default. */
    ResolveMetrics NONE = (integration, cacheHit, found, latencyNanos) -> {};

    /**
     * One finished {@code resolveDefault}.
     *
     * @param integration the app that was resolved
     * @param cacheHit whether the answer came from the cache without reading storage
     * @param found whether a default connection exists (false when {@code NoConnectionException} follows)
     * @param latencyNanos time spent in the lookup, from {@link System#nanoTime()}
     */
    void resolved(IntegrationId integration, boolean cacheHit, boolean found, long latencyNanos);
}
