package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the trigger path's reads with a deadline for the caller: the read runs on a small pool of the adapter's
 * own, and the caller waits at most {@code triggerTimeout} for it. A database that stops answering then costs
 * a caller that much, and the facade's cache answers with the last good entry; the read itself goes on until
 * the statement timeout ends it, on one of at most {@value #THREADS} threads, so a hung database never holds
 * more of the host's pool than that for the trigger path.
 *
 * <p>A socket timeout alone cannot give this bound: a borrow from the pool (HikariCP validates an idle
 * connection with a round trip of at least a second) and the retries come on top of it.
 */
final class TriggerReads {
    private static final int THREADS = 4;
    private static final int QUEUE = 256;
    private static final AtomicInteger THREAD_COUNT = new AtomicInteger();

    private final ThreadPoolExecutor executor;

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

    /** {@code read}'s answer, or a {@link StorageException} once {@code deadline} has passed. */
    <T> T within(String what, Duration deadline, Callable<T> read) {
        Future<T> future;
        try {
            future = executor.submit(read);
        } catch (RejectedExecutionException e) {
            throw new StorageException("Could not " + what + ": too many reads are waiting for the database already.");
        }
        try {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Not interrupted: a JDBC driver may close the connection it is using when its thread is interrupted.
            future.cancel(false);
            throw new StorageException(
                    "Could not " + what + ": the database did not answer within " + deadline.toMillis() + " ms.");
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
}
