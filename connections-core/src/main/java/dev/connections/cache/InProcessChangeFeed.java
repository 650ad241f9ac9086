package dev.connections.cache;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.support.ChangeSubscribers;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ChangeFeed} between facades in one JVM: a publish reaches every subscriber of the hub
 * synchronously, before {@code publish} returns.
 *
 * <p>For tests and for hosts that run several {@link dev.connections.Connections} instances in one
 * process. Give each facade its own {@link #endpoint()}: closing a facade closes its endpoint, which
 * removes only that facade's subscribers, while the others keep receiving. Closing the hub itself stops
 * delivery to everyone. A subscriber that throws is logged and skipped; the others still get the
 * notice. Thread-safe.
 *
 * <pre>{@code
 * InProcessChangeFeed hub = new InProcessChangeFeed();
 * Connections a = ConnectionsBuilder.newBuilder()...changeFeed(hub.endpoint()).build();
 * Connections b = ConnectionsBuilder.newBuilder()...changeFeed(hub.endpoint()).build();
 * }</pre>
 */
public final class InProcessChangeFeed implements ChangeFeed {

    private final ChangeSubscribers subscribers = new ChangeSubscribers();
    private volatile boolean closed;

    /** Creates a hub with no subscribers. */
    public InProcessChangeFeed() {}

    /**
     * A view of this hub for one facade: it publishes to and subscribes on the hub, and its {@code
     * close()} unsubscribes only what was subscribed through it.
     */
    public ChangeFeed endpoint() {
        return new Endpoint();
    }

    @Override
    public void publish(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        if (!closed) {
            subscribers.appChanged(workspace, integration);
        }
    }

    /**
     * Tells every subscriber that anything may have changed, as a feed does after it may have missed
     * notices; useful to exercise that path in tests.
     */
    public void publishEverythingChanged() {
        if (!closed) {
            subscribers.everythingChanged();
        }
    }

    @Override
    public void subscribe(Subscriber subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        if (closed) {
            throw new IllegalStateException("This change feed is closed");
        }
        subscribers.add(subscriber);
    }

    /** Number of current subscribers. */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** Stops delivery to every subscriber; later publishes do nothing. */
    @Override
    public void close() {
        closed = true;
        subscribers.clear();
    }

    private final class Endpoint implements ChangeFeed {
        private final List<Subscriber> mine = new CopyOnWriteArrayList<>();
        private volatile boolean endpointClosed;

        @Override
        public void publish(WorkspaceId workspace, IntegrationId integration) {
            InProcessChangeFeed.this.publish(workspace, integration);
        }

        @Override
        public void subscribe(Subscriber subscriber) {
            if (endpointClosed) {
                throw new IllegalStateException("This change feed endpoint is closed");
            }
            InProcessChangeFeed.this.subscribe(subscriber);
            mine.add(subscriber);
        }

        @Override
        public void close() {
            endpointClosed = true;
            subscribers.removeAll(mine);
            mine.clear();
        }
    }
}
