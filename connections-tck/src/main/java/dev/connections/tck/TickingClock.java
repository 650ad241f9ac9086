package dev.connections.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A thread-safe clock that moves forward by a fixed step on every reading, so timestamps the facade
 * writes are strictly increasing and "the oldest connection" is never decided by a tie.
 */
public final class TickingClock extends Clock {
    private final AtomicLong micros;
    private final long stepMicros;

    /** Starts at {@code start} (truncated to microseconds) and advances by {@code step} per reading. */
    public TickingClock(Instant start, Duration step) {
        this.micros = new AtomicLong(toMicros(start));
        this.stepMicros = toMicros(Instant.EPOCH.plus(step));
        if (stepMicros < 1) {
            throw new IllegalArgumentException("the step must be at least one microsecond");
        }
    }

    /** From now (wall clock, for realistic values) in steps of one millisecond. */
    public static TickingClock startingNow() {
        return new TickingClock(Instant.now(), Duration.ofMillis(1));
    }

    @Override
    public Instant instant() {
        long value = micros.getAndAdd(stepMicros);
        return Instant.EPOCH.plusNanos(Math.multiplyExact(value, 1000L));
    }

    /** Moves the clock forward by {@code duration}, as if that much time passed between two readings. */
    public void advance(Duration duration) {
        micros.addAndGet(toMicros(Instant.EPOCH.plus(duration)));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a TickingClock is always UTC");
    }

    private static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }
}
