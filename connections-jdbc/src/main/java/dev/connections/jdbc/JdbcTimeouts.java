package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * How long the adapter waits for the database, so a database that stops answering (a network partition, a full
 * disk, a stuck lock) costs a bounded time instead of a thread for good.
 *
 * @param statementTimeout the longest one round trip to the database may take (the driver's network timeout,
 *     {@link Connection#setNetworkTimeout}): a read that waits longer loses its connection and is retried on a
 *     fresh one within the retry budget; {@link Duration#ZERO} waits for ever (the drivers' default)
 * @param lockTimeout the longest a write waits for the app's lock (PostgreSQL {@code lock_timeout}, MariaDB
 *     {@code innodb_lock_wait_timeout}), ended on the server, so the wait is a retried conflict; {@link
 *     Duration#ZERO} leaves the server's setting
 * @param triggerTimeout the longest {@code resolveDefault}'s read of storage may keep its caller waiting once
 *     the database is suspect ({@link TriggerReads}); past it the read fails with a {@code StorageException},
 *     which the facade's cache answers with the last good entry (stale-if-error); {@link Duration#ZERO} waits
 *     as long as any read
 */
record JdbcTimeouts(Duration statementTimeout, Duration lockTimeout, Duration triggerTimeout) {
    /** Long enough for any statement of the adapter on a healthy database, short against a hung one. */
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(5);
    /** Writes hold the app's lock for milliseconds; waiting longer means the holder is stuck. */
    static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(2);
    /** Keeps resolve's p99 within 250 ms while storage hangs, for keys with a last good entry. */
    static final Duration DEFAULT_TRIGGER_TIMEOUT = Duration.ofMillis(200);

    static final JdbcTimeouts DEFAULTS =
            new JdbcTimeouts(DEFAULT_STATEMENT_TIMEOUT, DEFAULT_LOCK_TIMEOUT, DEFAULT_TRIGGER_TIMEOUT);

    /** The network timeout runs no task of its own in these drivers; an executor is still required. */
    private static final Executor DIRECT = Runnable::run;

    JdbcTimeouts {
        nonNegative(statementTimeout, "statementTimeout");
        nonNegative(lockTimeout, "lockTimeout");
        nonNegative(triggerTimeout, "triggerTimeout");
    }

    private static void nonNegative(Duration d, String name) {
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " must not be negative, was " + d);
        }
    }

    JdbcTimeouts withStatementTimeout(Duration d) {
        return new JdbcTimeouts(d, lockTimeout, triggerTimeout);
    }

    JdbcTimeouts withLockTimeout(Duration d) {
        return new JdbcTimeouts(statementTimeout, d, triggerTimeout);
    }

    JdbcTimeouts withTriggerTimeout(Duration d) {
        return new JdbcTimeouts(statementTimeout, lockTimeout, d);
    }

    /** {@code d} in whole seconds, rounded up, at least 1, for databases that count lock waits so (MariaDB). */
    static long wholeSeconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    /**
     * Sets the statement timeout on a borrowed connection (HikariCP puts the pool's value back when it is
     * returned). A driver without network timeouts is left as it is.
     */
    void applyTo(Connection c) throws SQLException {
        if (statementTimeout.isZero()) {
            return;
        }
        try {
            c.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, statementTimeout.toMillis()));
        } catch (SQLFeatureNotSupportedException e) {
            // H2 embedded has no network; other drivers without it keep their own socket settings.
        }
    }
}
