package dev.connections.spi.support;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed.Subscriber;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribers of one {@link dev.connections.spi.ChangeFeed}: every notice reaches each of them, and one
 * that throws is logged and skipped, so a broken subscriber never keeps the others' caches stale.
 * Thread-safe; notices may be delivered while subscribers come and go.
 *
 * <p>Feeds that carry notices between instances as text (PostgreSQL, Redis, NATS) write them with
 * {@link #notice} and read them with {@link #heard}, so every feed speaks the same format.
 */
public final class ChangeSubscribers {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeSubscribers.class);
    /** Between the workspace and the app in a notice; neither id may contain a space. */
    private static final String APP_SEPARATOR = " ";

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

    /**
     * The text of a notice that one app of {@code workspace} changed, as feeds send it to other instances:
     * {@code "workspace app"}. A notice of the workspace alone is just {@code "workspace"}.
     */
    public static String notice(WorkspaceId workspace, IntegrationId app) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(app, "app");
        return workspace.value() + APP_SEPARATOR + app.value();
    }

    /**
     * Tells every subscriber what a notice from another instance says: {@code "workspace"} that the workspace
     * changed, {@code "workspace app"} that one app of it changed. Anything else is not one of ours (or a newer
     * format), and the safe reading of it is that everything may have changed.
     */
    public void heard(@Nullable String notice) {
        if (notice == null) {
            everythingChanged();
            return;
        }
        String[] parts = notice.split(APP_SEPARATOR, 2);
        WorkspaceId workspace;
        IntegrationId app;
        try {
            workspace = WorkspaceId.of(parts[0]);
            app = parts.length == 2 ? IntegrationId.of(parts[1]) : null;
        } catch (IllegalArgumentException e) {
            everythingChanged();
            return;
        }
        if (app == null) {
            workspaceChanged(workspace);
        } else {
            appChanged(workspace, app);
        }
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
