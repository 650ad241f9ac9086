package dev.connections.jdbc;

import dev.connections.error.OutcomeUnknownException;
import dev.connections.error.StorageException;
import dev.connections.error.StorageReadOnlyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every JDBC component of one {@link JdbcConnections} shares: the DataSource, dialect, table names, the
 * statements built for them, the retry budget, and the transaction a thread is running on that DataSource; and the
 * small query/update helpers that hold the PreparedStatement boilerplate once.
 *
 * <p>Retry rules, in one place: a read, or a transaction that failed before COMMIT was sent, runs again on a
 * fresh connection when the failure is transient (connection lost, deadlock, serialization failure), with
 * jittered exponential backoff, until {@code maxAttempts} or {@code maxRetryTime} is used up. Constraint
 * violations and other failures are never retried. A unit of work that wrote and lost its connection
 * during COMMIT is not re-run: it ends in {@link OutcomeUnknownException}, which the facade settles by
 * reading back.
 *
 * <p>The transaction is bound to the thread by DataSource, so a secret store built on the same DataSource
 * joins the repository's transaction inside {@code modify} even when it was wired separately.
 */
final class JdbcContext {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcContext.class);
    private static final ThreadLocal<Map<DataSource, Tx>> BOUND = new ThreadLocal<>();

    final DataSource dataSource;
    final JdbcDialect dialect;
    final JdbcTables tables;
    final SqlStatements sql;
    final RetryPolicy retry;
    final JdbcTimeouts timeouts;

    private final TriggerReads triggerReads = new TriggerReads();

    JdbcContext(
            DataSource dataSource,
            JdbcDialect dialect,
            JdbcTables tables,
            int maxAttempts,
            Duration maxRetryTime,
            JdbcTimeouts timeouts) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.tables = tables;
        this.sql = dialect.statements(tables);
        this.sql.lockTimeout(timeouts);
        this.retry = new RetryPolicy(maxAttempts, maxRetryTime);
        this.timeouts = timeouts;
    }

    /** The transaction a thread runs: its connection, whether anything was written in it, and writes not yet sent. */
    private static final class Tx {
        final Connection connection;
        final PendingWrites pending = new PendingWrites();
        boolean wrote;

        Tx(Connection connection) {
            this.connection = connection;
        }
    }

    /** Whether two components read and write the same tables of the same database. */
    boolean sameStorage(JdbcContext other) {
        return dataSource == other.dataSource && tables.equals(other.tables);
    }

    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds {@code values} as strings to parameters 1, 2, …: the workspace-and-id lookups. */
    static Binder strings(String... values) {
        return ps -> {
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 1, values[i]);
            }
        };
    }

    /** Every row {@code sql} returns, in order. */
    static <T> List<T> query(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    /** The first row {@code sql} returns, if any. */
    static <T> Optional<T> queryOne(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it touched. */
    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
        }
    }

    /** Runs a prepared statement whose result is not needed (a lock function). */
    static void execute(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            ps.execute();
        }
    }

    /** Runs a statement without parameters (DDL, a script's statement). */
    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Runs a read on the thread's transaction if there is one, else on a connection of its own, again on a
     * fresh one after a transient failure.
     */
    <T> T read(String what, SqlWork<T> work) {
        Tx bound = bound();
        if (bound != null) {
            try {
                flush(bound);
                return work.run(bound.connection);
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
                if (dialect.classify(e).isTransient() && budget.another(what, e)) {
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
    <T> T triggerRead(String what, SqlWork<T> work) {
        Duration deadline = timeouts.triggerTimeout();
        if (deadline.isZero() || inTransaction()) {
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
    <T> T transaction(String what, SqlWork<T> work) {
        return transaction(what, true, work);
    }

    /**
     * Runs a unit of work that must not run twice once it may have committed: a lost COMMIT acknowledgement
     * after it wrote ends in {@link OutcomeUnknownException}.
     */
    <T> T unitOfWork(String what, SqlWork<T> work) {
        return transaction(what, false, work);
    }

    /** Marks the thread's transaction as having written, so a lost COMMIT leaves its outcome unknown. */
    void wrote() {
        Tx tx = bound();
        if (tx != null) {
            tx.wrote = true;
        }
    }

    /**
     * Holds a write of the thread's transaction back until its next read or its COMMIT, so that the writes of a
     * unit of work travel together ({@link PendingWrites}). Only inside a transaction of this DataSource.
     */
    void write(PendingWrites.Write write) {
        Tx tx = bound();
        if (tx == null) {
            throw new IllegalStateException("A held-back write needs a transaction");
        }
        tx.wrote = true;
        tx.pending.add(write);
    }

    private void flush(Tx tx) throws SQLException {
        tx.pending.flush(tx.connection, sql.multiStatements(tx.connection));
    }

    private <T> T transaction(String what, boolean idempotent, SqlWork<T> work) {
        Tx outer = bound();
        if (outer != null) {
            // Joining: whatever it does counts as a write of the enclosing unit of work.
            outer.wrote = true;
            try {
                flush(outer);
                return work.run(outer.connection);
            } catch (SQLException e) {
                throw failure(what, e);
            }
        }
        RetryPolicy.Attempts budget = retry.start();
        while (true) {
            Connection c;
            try {
                c = dataSource.getConnection();
            } catch (SQLException e) {
                if (dialect.classify(e).isTransient() && budget.another(what, e)) {
                    continue;
                }
                throw new StorageException(
                        "Could not " + what + ": the database is not reachable; nothing was changed.",
                        WithheldSqlException.of(e));
            }
            Tx tx = new Tx(c);
            boolean committing = false;
            boolean autoCommit = true;
            int isolation = Connection.TRANSACTION_READ_COMMITTED;
            boolean configured = false;
            // Where the isolation level is set inside the transaction (PostgreSQL), asking the driver for it
            // would cost a round trip before and after every transaction.
            boolean setIsolation = !sql.isolationInTransaction();
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
                bind(tx);
                try {
                    result = work.run(c);
                    flush(tx);
                } finally {
                    unbind();
                    tx.pending.clear();
                }
                committing = true;
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
                SqlFailure kind = e instanceof RetryableSqlException ? SqlFailure.CONFLICT : dialect.classify(sql);
                if (committing && tx.wrote && !idempotent && kind == SqlFailure.CONNECTION_LOST) {
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

    /**
     * Translates a driver failure inside a unit of work; a transient one becomes a {@link
     * RetryableSqlException} so that the enclosing transaction re-runs the whole unit of work on a fresh
     * connection.
     */
    RuntimeException failure(String what, SQLException e) {
        SqlFailure kind = dialect.classify(e);
        if (bound() != null && kind.isTransient()) {
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

    private @Nullable Tx bound() {
        Map<DataSource, Tx> map = BOUND.get();
        return map == null ? null : map.get(dataSource);
    }

    /** Whether the current thread runs inside a transaction of this DataSource. */
    boolean inTransaction() {
        return bound() != null;
    }

    private void bind(Tx tx) {
        Map<DataSource, Tx> map = BOUND.get();
        if (map == null) {
            map = new IdentityHashMap<>();
            BOUND.set(map);
        }
        map.put(dataSource, tx);
    }

    private void unbind() {
        Map<DataSource, Tx> map = BOUND.get();
        if (map != null) {
            map.remove(dataSource);
            if (map.isEmpty()) {
                BOUND.remove();
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
