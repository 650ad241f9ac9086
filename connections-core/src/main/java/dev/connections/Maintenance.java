package dev.connections;

import dev.connections.cache.ResolutionStats;
import dev.connections.connection.BaseUrlPolicy;
import java.net.InetAddress;
import java.time.Duration;

/**
 * What operators and the host's infrastructure need beside the page and the trigger path: the sweep of API
 * keys left behind by unsettled writes, the base-URL policy in force, and the resolution cache's counters.
 *
 * <p>Reached through {@link Connections#maintenance()}.
 */
public interface Maintenance {

    /**
     * Removes stored API keys that no connection references and that were stored more than {@code olderThan}
     * ago; returns how many were removed.
     *
     * <p>Such keys are left behind only when storage failed at the worst moment: a write whose outcome
     * could not be settled, or a replaced key whose removal failed after its replacement committed. A key
     * a connection references is never removed; one that the connection no longer references is removed
     * under the app's write lock. {@code olderThan} must exceed the longest a write can take (its retry
     * budget) plus the clock difference between host instances, so a write still in flight keeps its new
     * key; an hour is a comfortable choice. Safe to run on many instances at once, e.g. daily.
     */
    long sweepOrphanedSecrets(Duration olderThan);

    /**
     * The policy custom base URLs were checked against when saved ({@link ConnectionsBuilder#baseUrlPolicy}).
     * At trigger time the host calls {@link BaseUrlPolicy#check(String, InetAddress)} on every address a
     * custom app's host name resolves to, before connecting (DNS rebinding); see docs/SECURITY.md. Catalog
     * apps ({@code resolved.integration().isCustom()} false) are trusted.
     */
    BaseUrlPolicy baseUrlPolicy();

    /** Counters of the resolution cache (hits, misses, evictions, size), for the host's metrics. */
    ResolutionStats cacheStats();
}
