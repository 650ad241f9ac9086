package dev.connections.redis;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A feed that counts what passes through another: the notices its instance published, and (with every
 * instance's count summed) how many deliveries one write costs the broker or database. Counts only notices of
 * one app or workspace, not the "everything changed" a feed sends after (re)subscribing.
 */
final class CountingFeed implements ChangeFeed {
    private final ChangeFeed delegate;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    CountingFeed(ChangeFeed delegate) {
        this.delegate = delegate;
        delegate.subscribe(new Subscriber() {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                delivered.incrementAndGet();
            }

            @Override
            public void everythingChanged() {
                // Not a notice of a write.
            }
        });
    }

    ChangeFeed delegate() {
        return delegate;
    }

    long published() {
        return published.get();
    }

    long delivered() {
        return delivered.get();
    }

    @Override
    public void publish(WorkspaceId workspace, IntegrationId integration) {
        published.incrementAndGet();
        delegate.publish(workspace, integration);
    }

    @Override
    public void subscribe(Subscriber subscriber) {
        delegate.subscribe(subscriber);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
