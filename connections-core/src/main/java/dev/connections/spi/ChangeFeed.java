package dev.connections.spi;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;

/**
 * Tells other host instances that a workspace's connections changed, so their caches drop stale
 * entries (see docs/CACHING.md).
 *
 * <p>Delivery may be lost; the cache's maximum staleness bounds the damage. An implementation that
 * knows it may have missed changes (after a reconnect) calls {@link Subscriber#everythingChanged()}.
 *
 * <p>The contract is {@code ChangeFeedContract} in connections-tck.
 */
public interface ChangeFeed extends AutoCloseable {

    /**
     * Announces a committed change to one app of {@code workspace} to every subscriber, on every instance,
     * so they drop just that app's entry; the one method a feed implements to send. A feed that cannot
     * carry the app may announce the whole workspace instead.
     */
    void publish(WorkspaceId workspace, IntegrationId integration);

    /** Registers a subscriber for changes from any instance, this one included. */
    void subscribe(Subscriber subscriber);

    /** Stops delivering to this feed's subscribers and releases what it holds (threads, connections). */
    @Override
    void close();

    /** Receives change notices. Calls may come from the feed's own thread. */
    interface Subscriber {
        /** Connections of {@code workspace} changed somewhere; drop what is cached for it. */
        void workspaceChanged(WorkspaceId workspace);

        /** One app of {@code workspace} changed somewhere; the default drops the whole workspace. */
        default void appChanged(WorkspaceId workspace, IntegrationId integration) {
            workspaceChanged(workspace);
        }

        /** Changes may have been missed (e.g. after a reconnect); drop everything cached. */
        void everythingChanged();
    }
}
