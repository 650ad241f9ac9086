package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long one database operation may keep retrying transient failures: at most {@code maxAttempts} tries
 * within {@code maxRetryTime}, with jittered pauses that double from 10 ms up to 1 s, so transactions that
 * collided do not collide again in step.
 */
record RetryPolicy(int maxAttempts, Duration maxRetryTime) {
    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long MAX_PAUSE_MILLIS = 1_000;

    /** The budget of one operation, starting now. */
    Attempts start() {
        return new Attempts();
    }

    /** The attempts and time one operation may still spend on retries. */
    final class Attempts {
        private final long start = System.nanoTime();
        private int attempts = 1;

        private Attempts() {}

        /** Pauses and returns true when one more attempt fits the budget. */
        boolean another(String what, SQLException cause) {
            long elapsed = System.nanoTime() - start;
            long pause = pauseMillis(attempts);
            if (attempts >= maxAttempts || elapsed + pause * 1_000_000L > maxRetryTime.toNanos()) {
                return false;
            }
            LOG.debug(
                    "Retrying '{}' after a transient failure (attempt {} of {}, SQLState {})",
                    what,
                    attempts,
                    maxAttempts,
                    cause.getSQLState());
            attempts++;
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while retrying a database operation", e);
            }
            return true;
        }

        /** What was spent, for the message when the budget ran out. */
        String summary() {
            return attempts + " attempts in "
                    + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms";
        }
    }

    private static long pauseMillis(int attempt) {
        long ceiling = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt - 1, 16));
        return ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1);
    }
}
