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

    /** Announces a committed change in {@code workspace} to every subscriber, on every instance. */
    void publish(WorkspaceId workspace);

    /**
     * Announces a committed change to one app of {@code workspace}, so subscribers can drop just that
     * app's entry instead of the whole workspace's. The default announces the workspace.
     */
    default void publish(WorkspaceId workspace, IntegrationId integration) {
        publish(workspace);
    }

    /** Registers a subscriber for changes from any instance, this one included. */
    void subscribe(Subscriber subscriber);

    /** Stops delivering; the default does nothing. */
    @Override
    default void close() {}

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
