package dev.connections.jdbc.feed;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The subscribers of one feed; a subscriber that throws is logged and the others still hear. */
final class Subscribers {
    private static final Logger LOG = LoggerFactory.getLogger(Subscribers.class);
    private final List<ChangeFeed.Subscriber> list = new CopyOnWriteArrayList<>();

    void add(ChangeFeed.Subscriber subscriber) {
        list.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    void workspaceChanged(WorkspaceId workspace) {
        for (ChangeFeed.Subscriber s : list) {
            try {
                s.workspaceChanged(workspace);
            } catch (RuntimeException e) {
                LOG.warn("Change feed subscriber {} failed", s.getClass().getName(), e);
            }
        }
    }

    void appChanged(WorkspaceId workspace, IntegrationId integration) {
        for (ChangeFeed.Subscriber s : list) {
            try {
                s.appChanged(workspace, integration);
            } catch (RuntimeException e) {
                LOG.warn("Change feed subscriber {} failed", s.getClass().getName(), e);
            }
        }
    }

    void everythingChanged() {
        for (ChangeFeed.Subscriber s : list) {
            try {
                s.everythingChanged();
            } catch (RuntimeException e) {
                LOG.warn("Change feed subscriber {} failed", s.getClass().getName(), e);
            }
        }
    }
}
