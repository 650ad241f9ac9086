package dev.connections.spi.support;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed.Subscriber;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of one {@link dev.connections.spi.ChangeFeed}: every notice reaches each of them, and one
 * that throws is logged and skipped, so a broken subscriber never keeps the others' caches stale.
 * Thread-safe; notices may be delivered while subscribers come and go.
 */
public final class ChangeSubscribers {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeSubscribers.class);
    private final List<Subscriber> list = new CopyOnWriteArrayList<>();

    /** Adds a subscriber. */
    public void add(Subscriber subscriber) {
        list.add(Objects.requireNonNull(subscriber, "subscriber"));
    }

    /** Removes these subscribers (each once, if present). */
    public void removeAll(Collection<Subscriber> subscribers) {
        list.removeAll(subscribers);
    }

    /** Removes every subscriber. */
    public void clear() {
        list.clear();
    }

    /** How many subscribers there are. */
    public int size() {
        return list.size();
    }

    /** Tells every subscriber that the workspace changed. */
    public void workspaceChanged(WorkspaceId workspace) {
        deliver(s -> s.workspaceChanged(workspace));
    }

    /** Tells every subscriber that one app of the workspace changed. */
    public void appChanged(WorkspaceId workspace, IntegrationId integration) {
        deliver(s -> s.appChanged(workspace, integration));
    }

    /** Tells every subscriber that changes may have been missed. */
    public void everythingChanged() {
        deliver(Subscriber::everythingChanged);
    }

    private void deliver(Consumer<Subscriber> notice) {
        for (Subscriber subscriber : list) {
            try {
                notice.accept(subscriber);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Change feed subscriber {} failed",
                        subscriber.getClass().getName(),
                        e);
            }
        }
    }
}
