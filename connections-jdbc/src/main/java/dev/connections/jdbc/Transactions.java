package dev.connections.jdbc;

import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.StorageException;
import dev.connections.error.StorageReadOnlyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs reads and transactions on one DataSource for every component of one {@link JdbcConnections}, handing the
 * work an explicit {@link Transaction} (JobRunr's {@code Transaction}, Spring's {@code TransactionOperations}).
 *
 * <p>Retry rules, in one place: a read, or a transaction that failed before COMMIT was sent, runs again on a fresh
 * connection when the failure is transient (connection lost, deadlock, serialization failure), with jittered
 * exponential backoff, until the {@link RetryPolicy} is used up. Constraint violations and other failures are
 * never retried. A unit of work that wrote and lost its connection during COMMIT is not re-run: it ends in {@link
 * OutcomeUnknownException}, which the facade settles by reading back. A database that refuses writes because it is
 * read-only ends the work at once in {@link StorageReadOnlyException}.
 *
 * <p>Timeouts ({@link JdbcTimeouts}): every connection this runner borrows gets the statement timeout as its
 * network timeout, and the trigger path's reads ({@link #triggerRead}) keep their caller waiting at most the
 * trigger timeout once the database is suspect ({@link TriggerReads}).
 *
 * <p>A read or transaction started while this runner has a transaction open on the thread joins it. That is how
 * the secret store's writes, which core's facade makes from inside {@code ConnectionRepository.modify} without a
 * handle on its transaction, commit and roll back with the repository's unit of work: {@link JdbcConnections}
 * gives both the same runner ({@link #current()}).
 */
final class Transactions {
    private static final Logger LOG = LoggerFactory.getLogger(Transactions.class);

    private final DataSource dataSource;
    private final FailureClassifier failures;
    private final MultiStatements multiStatements;
    private final boolean isolationInTransaction;
    private final RetryPolicy retry;
    private final JdbcTimeouts timeouts;
    private final TriggerReads triggerReads = new TriggerReads();
    private final ThreadLocal<@Nullable Transaction> open = new ThreadLocal<>();

    /** Work in a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx) throws SQLException;
    }

    /**
     * @param isolationInTransaction whether the work sets READ COMMITTED itself (the app lock does, where the
     *     database allows it), so the JDBC isolation level is not read, set and restored around each transaction
     */
    Transactions(
            DataSource dataSource,
            FailureClassifier failures,
            MultiStatements multiStatements,
            boolean isolationInTransaction,
            RetryPolicy retry,
            JdbcTimeouts timeouts) {
        this.dataSource = dataSource;
        this.failures = failures;
        this.multiStatements = multiStatements;
        this.isolationInTransaction = isolationInTransaction;
        this.retry = retry;
        this.timeouts = timeouts;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** The transaction this runner has open on the current thread, if any. */
    Optional<Transaction> current() {
        return Optional.ofNullable(open.get());
    }

    /**
     * Runs a read in the thread's open transaction if there is one (after sending its held-back writes), else on a
     * connection of its own, again on a fresh one after a transient failure.
     */
    <T> T read(String what, Jdbc.SqlWork<T> work) {
        Transaction outer = open.get();
        if (outer != null) {
            try {
                outer.flush();
                return work.run(outer.connection());
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
        RetryPolicy.Attempts budget = retry.start();
        while (true) {
            try (Connection c = dataSource.getConnection()) {
                timeouts.applyTo(c);
                return work.run(c);
            } catch (SQLException e) {
                if (failures.classify(e).isTransient() && budget.another(what, e)) {
                    continue;
                }
                throw new StorageException("Could not " + what + ": the database failed.", WithheldSqlException.of(e));
            }
        }
    }

    /**
     * A read of the trigger path ({@code resolveDefault}): as {@link #read}, but its caller waits at most the
     * trigger timeout once the database is suspect ({@link TriggerReads}). Inside a transaction it runs on the
     * transaction, as any read.
     */
    <T> T triggerRead(String what, Jdbc.SqlWork<T> work) {
        Duration deadline = timeouts.triggerTimeout();
        if (deadline.isZero() || open.get() != null) {
            return read(what, work);
        }
        // While the database is not suspect a read may take as long as one round trip may.
        Duration patience = timeouts.statementTimeout().isZero() ? Duration.ofSeconds(30) : timeouts.statementTimeout();
        return triggerReads.within(
                what, deadline, patience.compareTo(deadline) > 0 ? patience : deadline, () -> read(what, work));
    }

    /**
     * Runs {@code work} in one transaction that is safe to run twice (an insert that tolerates its own row, a
     * compare-and-set, a counter that may over-count): even a lost COMMIT acknowledgement is retried.
     */
    <T> T idempotent(String what, Work<T> work) {
        return run(what, true, work);
    }

    /**
     * Runs a unit of work that must not run twice once it may have committed: a lost COMMIT acknowledgement after
     * it wrote ends in {@link OutcomeUnknownException}.
     */
    <T> T unitOfWork(String what, Work<T> work) {
        return run(what, false, work);
    }

    /**
     * Translates a driver failure inside a transaction; a transient one becomes a {@link RetryableSqlException} so
     * that the enclosing transaction re-runs the whole unit of work on a fresh connection.
     */
    RuntimeException failure(String what, SQLException e) {
        SqlFailure kind = failures.classify(e);
        if (open.get() != null && kind.isTransient()) {
            return new RetryableSqlException(e);
        }
        if (kind == SqlFailure.READ_ONLY) {
            return readOnly(what, e);
        }
        return new StorageException("Could not " + what + ": the database failed.", WithheldSqlException.of(e));
    }

    /** Not retried: the same database gives the same answer until its operator or a failover changes it. */
    private static StorageReadOnlyException readOnly(String what, SQLException e) {
        return new StorageReadOnlyException(
                "Could not " + what + ": storage is read-only (the database refuses writes, e.g. during a"
                        + " failover); nothing was changed. Try again later.",
                WithheldSqlException.of(e));
    }

    private <T> T run(String what, boolean idempotent, Work<T> work) {
        Transaction outer = open.get();
        if (outer != null) {
            // Joining: whatever it does counts as a write of the enclosing unit of work.
            outer.wrote();
            outer.enter();
            try {
                outer.flush();
                return work.run(outer);
            } catch (SQLException e) {
                throw failure(what, e);
            } finally {
                outer.leave();
            }
        }
        RetryPolicy.Attempts budget = retry.start();
        while (true) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                if (failures.classify(e).isTransient() && budget.another(what, e)) {
                    continue;
                }
                throw new StorageException(
                        "Could not " + what + ": the database is not reachable; nothing was changed.",
                        WithheldSqlException.of(e));
            }
            Transaction tx = new Transaction(c, multiStatements);
            boolean committing = false;
            boolean autoCommit = true;
            int isolation = Connection.TRANSACTION_READ_COMMITTED;
            boolean configured = false;
            // Where the isolation level is set inside the transaction (PostgreSQL), asking the driver for it
            // would cost a round trip before and after every transaction.
            boolean setIsolation = !isolationInTransaction;
            try {
                timeouts.applyTo(c);
                autoCommit = c.getAutoCommit();
                if (setIsolation) {
                    isolation = c.getTransactionIsolation();
                }
                configured = true;
                if (autoCommit) {
                    c.setAutoCommit(false);
                }
                // Writes are serialised by row locks; READ COMMITTED lets the work see what the previous
                // lock holder committed (MariaDB defaults to REPEATABLE READ).
                if (setIsolation && isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                T result;
                open.set(tx);
                try {
                    result = work.run(tx);
                    // One round trip less where the COMMIT can travel with the last writes (PostgreSQL).
                    tx.flushWithCommit();
                } finally {
                    open.remove();
                    tx.discard();
                }
                committing = true;
                // Sends nothing when the COMMIT went with the writes: the driver sees no transaction open.
                c.commit();
                restore(c, autoCommit, setIsolation ? isolation : -1);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                // Roll back before restoring auto-commit: switching it on would commit the open transaction.
                rollbackQuietly(c);
                if (configured) {
                    restore(c, autoCommit, setIsolation ? isolation : -1);
                }
                if (e instanceof Error error) {
                    throw error;
                }
                SQLException sql =
                        e instanceof RetryableSqlException r ? r.getCause() : e instanceof SQLException s ? s : null;
                if (sql == null) {
                    // The work's own verdict (not found, stale version, duplicate name …): never retried.
                    throw (RuntimeException) e;
                }
                SqlFailure kind = e instanceof RetryableSqlException ? SqlFailure.CONFLICT : failures.classify(sql);
                if ((committing || tx.commitSent())
                        && tx.hasWritten()
                        && !idempotent
                        && kind == SqlFailure.CONNECTION_LOST) {
                    // COMMIT may have reached the database: running the work again could apply it twice.
                    throw new OutcomeUnknownException(
                            "Could not confirm that the change was saved: the connection to the database was lost"
                                    + " while committing.",
                            WithheldSqlException.of(sql));
                }
                if (kind == SqlFailure.READ_ONLY) {
                    throw readOnly(what, sql);
                }
                if (kind.isTransient() && budget.another(what, sql)) {
                    continue;
                }
                if (kind.isTransient()) {
                    throw new StorageException(
                            "Could not " + what + ": the database kept failing (" + budget.summary()
                                    + "); nothing was changed. Try again.",
                            WithheldSqlException.of(sql));
                }
                throw new StorageException(
                        "Could not " + what + ": the database failed; nothing was changed.",
                        WithheldSqlException.of(sql));
            } finally {
                closeQuietly(c);
            }
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            if (!c.isClosed() && !c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            LOG.debug("Rollback failed; the connection is probably gone", e);
        }
    }

    /** Puts back what the transaction changed; {@code isolation} -1 when it left the level alone. */
    private static void restore(Connection c, boolean autoCommit, int isolation) {
        try {
            if (c.isClosed()) {
                return;
            }
            if (isolation != -1 && c.getTransactionIsolation() != isolation) {
                c.setTransactionIsolation(isolation);
            }
            if (c.getAutoCommit() != autoCommit) {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            LOG.debug("Could not restore the connection's settings", e);
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing a database connection failed", e);
        }
    }
}
