package dev.connections.jdbc;

import dev.connections.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every JDBC component of one {@link JdbcConnections} shares: the DataSource, dialect, table names,
 * and the transaction a thread is running on that DataSource.
 *
 * <p>The transaction is bound to the thread by DataSource, so a secret store built on the same DataSource
 * joins the repository's transaction inside {@code modify} even when it was wired separately.
 */
final class JdbcContext {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcContext.class);
    private static final ThreadLocal<Map<DataSource, Connection>> BOUND = new ThreadLocal<>();

    final DataSource dataSource;
    final JdbcDialect dialect;
    final JdbcTables tables;
    final int maxAttempts;

    JdbcContext(DataSource dataSource, JdbcDialect dialect, JdbcTables tables, int maxAttempts) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = tables;
        this.maxAttempts = maxAttempts;
    }

    /** Whether two components read and write the same tables of the same database. */
    boolean sameStorage(JdbcContext other) {
        return dataSource == other.dataSource && tables.equals(other.tables);
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Runs a read on the thread's transaction if there is one, else on a connection of its own. */
    <T> T read(String what, SqlWork<T> work) {
        Connection bound = bound();
        try {
            if (bound != null) {
                return work.run(bound);
            }
            try (Connection c = dataSource.getConnection()) {
                return work.run(c);
            }
        } catch (SQLException e) {
            throw failure(what, e, bound != null);
        }
    }

    /**
     * Runs {@code work} in one transaction, committed when it returns and rolled back when it throws;
     * deadlocks and serialization failures re-run it up to {@code maxAttempts} times. Inside another
     * transaction on the same DataSource it simply joins that one.
     */
    <T> T transaction(String what, SqlWork<T> work) {
        Connection outer = bound();
        if (outer != null) {
            try {
                return work.run(outer);
            } catch (SQLException e) {
                throw failure(what, e, true);
            }
        }
        for (int attempt = 1; ; attempt++) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                throw new StorageException("Could not " + what + ": the database is not reachable.", e);
            }
            boolean committing = false;
            boolean autoCommit = true;
            int isolation = Connection.TRANSACTION_READ_COMMITTED;
            boolean configured = false;
            try {
                autoCommit = c.getAutoCommit();
                isolation = c.getTransactionIsolation();
                configured = true;
                if (autoCommit) {
                    c.setAutoCommit(false);
                }
                // Writes are serialised by row locks; READ COMMITTED lets the work see what the previous
                // lock holder committed (MariaDB defaults to REPEATABLE READ).
                if (isolation != Connection.TRANSACTION_READ_COMMITTED) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                T result;
                bind(c);
                try {
                    result = work.run(c);
                } finally {
                    unbind();
                }
                committing = true;
                c.commit();
                restore(c, autoCommit, isolation);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                // Roll back before restoring auto-commit: switching it on would commit the open transaction.
                rollbackQuietly(c);
                if (configured) {
                    restore(c, autoCommit, isolation);
                }
                SQLException sql = sqlCause(e);
                boolean retryable = e instanceof RetryableSqlException || (sql != null && dialect.isRetryable(sql));
                if (retryable && attempt < maxAttempts) {
                    LOG.debug("Retrying '{}' after a transient failure (attempt {} of {})", what, attempt, maxAttempts);
                    pause(attempt);
                    continue;
                }
                if (retryable) {
                    throw new StorageException(
                            "Could not " + what + ": the database kept reporting conflicts; nothing was changed."
                                    + " Try again.",
                            sql);
                }
                if (e instanceof SQLException s) {
                    throw committing
                            ? new StorageException(
                                    "Could not confirm that the change was saved: the database failed while"
                                            + " committing.",
                                    s)
                            : new StorageException(
                                    "Could not " + what + ": the database failed; nothing was changed.", s);
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw (Error) e;
            } finally {
                closeQuietly(c);
            }
        }
    }

    /**
     * Translates a driver failure; inside a transaction a transient one becomes a {@link
     * RetryableSqlException} so that the enclosing {@link #transaction} re-runs the whole unit of work.
     */
    RuntimeException failure(String what, SQLException e, boolean inTransaction) {
        if (inTransaction && dialect.isRetryable(e)) {
            return new RetryableSqlException(e);
        }
        return new StorageException("Could not " + what + ": the database failed.", e);
    }

    @Nullable
    Connection bound() {
        Map<DataSource, Connection> map = BOUND.get();
        return map == null ? null : map.get(dataSource);
    }

    private void bind(Connection c) {
        Map<DataSource, Connection> map = BOUND.get();
        if (map == null) {
            map = new IdentityHashMap<>();
            BOUND.set(map);
        }
        map.put(dataSource, c);
    }

    private void unbind() {
        Map<DataSource, Connection> map = BOUND.get();
        if (map != null) {
            map.remove(dataSource);
            if (map.isEmpty()) {
                BOUND.remove();
            }
        }
    }

    private static @Nullable SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    private static void pause(int attempt) {
        // Jittered, growing pause so that the transactions that collided do not collide again.
        long millis = ThreadLocalRandom.current().nextLong(1, 10L * attempt + 2);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("Interrupted while retrying a database transaction", e);
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

    private static void restore(Connection c, boolean autoCommit, int isolation) {
        try {
            if (c.isClosed()) {
                return;
            }
            if (c.getTransactionIsolation() != isolation) {
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
