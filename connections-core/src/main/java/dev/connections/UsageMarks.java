package dev.connections;

import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.ConnectionStatusStore.Use;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Last used" without slowing the trigger path: a resolve only notes the connection in a map (at most once
 * per connection per minute); a background thread writes the notes in batches to the {@link
 * ConnectionStatusStore}. A failed batch is kept for the next round; a crash loses at most one interval.
 */
final class UsageMarks implements AutoCloseable {
    static final Duration RESOLUTION = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(UsageMarks.class);
    private static final int BATCH = 500;

    private final ConnectionStatusStore store;
    private final Clock clock;
    // When each connection's next use may be queued (RESOLUTION after the last one was): kept as that instant so
    // the trigger path compares without computing, let alone allocating, one.
    private final Map<ConnectionId, Instant> nextDue = new ConcurrentHashMap<>();
    private final Map<ConnectionId, Use> pending = new ConcurrentHashMap<>();
    private final Duration flushInterval;
    // Started by the first use, not at build time: a facade that never resolves needs no thread.
    private volatile @Nullable ScheduledExecutorService flusher;
    private boolean closed;
    private volatile boolean failing;

    UsageMarks(ConnectionStatusStore store, Clock clock, Duration flushInterval) {
        this.store = store;
        this.clock = clock;
        this.flushInterval = flushInterval;
    }

    private synchronized void startFlusher() {
        if (flusher != null || closed || flushInterval.isZero()) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "connections-last-used");
            t.setDaemon(true);
            return t;
        });
        long millis = flushInterval.toMillis();
        started.scheduleWithFixedDelay(this::flushQuietly, millis, millis, TimeUnit.MILLISECONDS);
        flusher = started;
    }

    /** Notes that a trigger got {@code connection}; cheap, never touches storage. */
    void used(Connection connection) {
        Instant due = nextDue.get(connection.id());
        if (due != null && clock.millis() < due.toEpochMilli()) {
            return; // the hot path: a plain read, no lock, no Instant
        }
        Instant now = clock.instant();
        boolean[] queue = {false};
        nextDue.compute(connection.id(), (id, previous) -> {
            if (previous != null && now.isBefore(previous)) {
                return previous;
            }
            queue[0] = true;
            return now.plus(RESOLUTION);
        });
        if (queue[0]) {
            pending.put(connection.id(), new Use(connection.workspace(), connection.id(), now));
            if (flusher == null) {
                startFlusher();
            }
        }
    }

    /** Writes every pending use now, in batches; returns how many were written. */
    int flush() {
        List<Use> batch = new ArrayList<>();
        int written = 0;
        for (Iterator<Use> it = pending.values().iterator(); it.hasNext(); ) {
            batch.add(it.next());
            it.remove();
            if (batch.size() == BATCH) {
                written += write(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            written += write(batch);
        }
        forgetOldMarks();
        return written;
    }

    private int write(List<Use> batch) {
        try {
            store.recordUses(batch);
            if (failing) {
                failing = false;
                LOG.info("Writing last-used times works again");
            }
            return batch.size();
        } catch (RuntimeException e) {
            // Keep them for the next round, unless a newer use of the same connection arrived meanwhile.
            batch.forEach(use -> pending.putIfAbsent(use.connection(), use));
            if (!failing) {
                failing = true;
                LOG.warn("Could not write {} last-used times; retrying in the background", batch.size(), e);
            }
            return 0;
        }
    }

    private void forgetOldMarks() {
        Instant now = clock.instant();
        nextDue.values().removeIf(due -> due.isBefore(now));
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Last-used flush failed", e);
        }
    }

    /** Writes what is pending and stops the background thread. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (this) {
            closed = true;
            running = flusher;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        flushQuietly();
    }
}
