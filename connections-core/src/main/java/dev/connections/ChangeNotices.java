package dev.connections;

import dev.connections.event.AuditLog;
import dev.connections.event.ConnectionEvent;
import dev.connections.event.ConnectionListener;
import dev.connections.id.Actor;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What follows a committed write, and what arrives from other instances: cache invalidation, the notice to
 * other instances, and events to listeners and the audit log.
 */
final class ChangeNotices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeNotices.class);

    private final ResolutionCache cache;
    private final @Nullable ChangeFeed feed;
    private final List<ConnectionListener> listeners;

    ChangeNotices(@Nullable ChangeFeed feed, List<ConnectionListener> hostListeners, ResolutionCache cache) {
        this.cache = cache;
        this.feed = feed;
        List<ConnectionListener> all = new ArrayList<>();
        all.add(new AuditLog());
        all.addAll(hostListeners);
        this.listeners = List.copyOf(all);
        if (feed != null) {
            feed.subscribe(new ChangeFeed.Subscriber() {
                @Override
                public void workspaceChanged(WorkspaceId workspace) {
                    cache.invalidateWorkspace(workspace);
                }

                @Override
                public void appChanged(WorkspaceId workspace, IntegrationId integration) {
                    // One key, not a scan of the whole cache: remote notices name the app they are about.
                    cache.invalidate(workspace, integration);
                }

                @Override
                public void everythingChanged() {
                    cache.invalidateAll();
                }
            });
        }
    }

    /** A write to the app committed: drop its cache entry here and tell the other instances. */
    void committed(WorkspaceId workspace, IntegrationId integration) {
        cache.invalidate(workspace, integration);
        if (feed != null) {
            try {
                feed.publish(workspace, integration);
            } catch (RuntimeException e) {
                // The write is committed; other instances catch up within the cache's maximum staleness.
                LOG.warn("Could not announce a change in workspace {} to other instances", workspace, e);
            }
        }
    }

    /**
     * Sends an event, by {@code actor} when the write came through a view of {@link Connections#as}, to every
     * listener; one failing listener neither stops the others nor the write.
     */
    void emit(ConnectionEvent change, @Nullable Actor actor) {
        ConnectionEvent event = actor == null ? change : change.by(actor);
        for (ConnectionListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Connection listener {} failed on {} for connection {}",
                        listener.getClass().getName(),
                        event.getClass().getSimpleName(),
                        event.connectionId(),
                        e);
            }
        }
    }

    @Override
    public void close() {
        if (feed != null) {
            try {
                feed.close();
            } catch (Exception e) {
                LOG.warn("Closing the change feed failed", e);
            }
        }
    }
}
