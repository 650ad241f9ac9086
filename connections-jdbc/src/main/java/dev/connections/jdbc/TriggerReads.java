package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the trigger path's reads with a deadline for the caller, once the database has shown it is not answering:
 * the read runs on a small pool of the adapter's own, and the caller waits for it at most {@code triggerTimeout}
 * while the database is <em>suspect</em> — a trigger read failed in the last {@value #SUSPECT_SECONDS} seconds, or
 * one has been waiting for more than a second — and otherwise up to {@code patience} (the statement timeout), so
 * a healthy database that is merely slow (a cold pool, a loaded machine) still answers a key read for the first
 * time. Past the deadline the caller gets a {@link StorageException}, which the facade's cache answers with the
 * last good entry.
 *
 * <p>The read itself goes on until the statement timeout ends it, on one of at most {@value #THREADS} threads, so
 * a hung database never holds more of the host's pool than that for the trigger path. A socket timeout alone
 * cannot give the caller's bound: a borrow from the pool (HikariCP validates an idle connection with a round
 * trip of at least a second) and the retries come on top of it.
 */
final class TriggerReads {
    private static final int THREADS = 4;
    private static final int QUEUE = 256;
    private static final long SUSPECT_SECONDS = 30;
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final ThreadPoolExecutor executor;
    /** Start times of the reads running now. */
    private final Map<Object, Long> running = new ConcurrentHashMap<>();

    private volatile long lastFailure;
    private volatile boolean failedOnce;

    TriggerReads() {
        executor = new ThreadPoolExecutor(
                THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), runnable -> {
                    Thread t = new Thread(runnable, "connections-trigger-read-" + THREAD_COUNT.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // Threads end after 30 s idle, so an adapter that is dropped leaves nothing running.
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * {@code read}'s answer, or a {@link StorageException} once {@code deadline} has passed while the database is
     * suspect, or {@code patience} in any case.
     */
    <T> T within(String what, Duration deadline, Duration patience, Callable<T> read) {
        Future<T> future;
        try {
            future = executor.submit(() -> tracked(read));
        } catch (RejectedExecutionException e) {
            failed();
            throw new StorageException("Could not " + what + ": too many reads are waiting for the database already.");
        }
        try {
            try {
                return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                if (suspect()) {
                    throw gaveUp(what, deadline, future);
                }
            }
            try {
                return future.get(Math.max(0, patience.minus(deadline).toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                throw gaveUp(what, patience, future);
            }
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new StorageException("Could not " + what + ".", cause);
        }
    }

    private <T> T tracked(Callable<T> read) throws Exception {
        Object token = new Object();
        running.put(token, System.nanoTime());
        try {
            return read.call();
        } catch (StorageException e) {
            failed();
            throw e;
        } finally {
            running.remove(token);
        }
    }

    private StorageException gaveUp(String what, Duration waited, Future<?> future) {
        // Not interrupted: a JDBC driver may close the connection it is using when its thread is interrupted.
        future.cancel(false);
        failed();
        return new StorageException(
                "Could not " + what + ": the database did not answer within " + waited.toMillis() + " ms.");
    }

    private void failed() {
        lastFailure = System.nanoTime();
        failedOnce = true;
    }

    /** Whether the database has shown lately that it is not answering. */
    boolean suspect() {
        long now = System.nanoTime();
        if (failedOnce && now - lastFailure < TimeUnit.SECONDS.toNanos(SUSPECT_SECONDS)) {
            return true;
        }
        for (long started : running.values()) {
            if (now - started > STUCK_NANOS) {
                return true;
            }
        }
        return false;
    }
}
