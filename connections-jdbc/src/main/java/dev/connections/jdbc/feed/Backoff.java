package dev.connections.jdbc.feed;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential reconnect delays with jitter, so instances that lost the database together do not retry in step. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.nextMillis = initialMillis;
    }

    /** The delay before the next attempt: the current step plus up to 20 % jitter; doubles the step. */
    long nextDelayMillis() {
        long base = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return base + ThreadLocalRandom.current().nextLong(base / 5 + 1);
    }

    void reset() {
        nextMillis = initialMillis;
    }
}
