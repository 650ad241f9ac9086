package dev.connections.jdbc;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The databases the JDBC adapter supports: detection from the driver's metadata, the schema scripts' folder,
 * and the classification of failures (conflict, lost connection, constraint) that drives retries.
 *
 * <p>SQL does not live here: each constant chooses its statements class ({@code PostgresStatements}, {@code
 * MariaDbStatements}, {@code H2Statements}), which holds every statement, the default-row predicate, timestamp
 * binding and the migration lock for that database.
 *
 * <p>Normally detected from the connection's metadata ({@link #detect(DatabaseMetaData)}); a host sets it
 * explicitly only when a driver reports an unusual product name.
 */
public enum JdbcDialect {
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql") {
        @Override
        SqlStatements statements(JdbcTables tables) {
            return new PostgresStatements(tables);
        }

        @Override
        boolean isConflict(SQLException e) {
            // 55P03: lock_timeout ended a wait for the app's lock (JdbcTimeouts.lockTimeout).
            String state = e.getSQLState();
            return "40001".equals(state) || "40P01".equals(state) || "55P03".equals(state);
        }

        @Override
        boolean isConnectionLoss(SQLException e) {
            // 57P01-57P03: the server is terminating this session (pg_terminate_backend, shutdown, restart).
            String state = e.getSQLState();
            return "57P01".equals(state) || "57P02".equals(state) || "57P03".equals(state);
        }

        @Override
        boolean isReadOnly(SQLException e) {
            // 25006: read_only_sql_transaction (default_transaction_read_only, a hot standby).
            return "25006".equals(e.getSQLState());
        }
    },

    /** MariaDB 10.5 or later, and MySQL 8 (InnoDB). */
    MARIADB("mariadb") {
        @Override
        SqlStatements statements(JdbcTables tables) {
            return new MariaDbStatements(tables);
        }

        @Override
        boolean isConflict(SQLException e) {
            // 1213: deadlock, 1205: lock wait timeout; both roll back (part of) the transaction.
            return "40001".equals(e.getSQLState()) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
        }

        @Override
        boolean isConnectionLoss(SQLException e) {
            // 1927: connection killed; 2006: server has gone away; 2013: lost during query; 1053: shutdown;
            // 1317 / 70100: the statement was interrupted because its session was killed.
            int code = e.getErrorCode();
            return code == 1927
                    || code == 2006
                    || code == 2013
                    || code == 1053
                    || code == 1317
                    || "70100".equals(e.getSQLState());
        }

        @Override
        boolean isReadOnly(SQLException e) {
            // 1290: running with --read-only; 1836: read-only mode; 1792: a read-only transaction.
            int code = e.getErrorCode();
            return code == 1290 || code == 1836 || code == 1792 || "25006".equals(e.getSQLState());
        }
    },

    /** H2 2.x, embedded or server. */
    H2("h2") {
        @Override
        SqlStatements statements(JdbcTables tables) {
            return new H2Statements(tables);
        }

        @Override
        boolean isConflict(SQLException e) {
            // 40001: deadlock; 50200: lock timeout (H2 waits LOCK_TIMEOUT ms for a row lock, 1 s by default).
            return "40001".equals(e.getSQLState()) || e.getErrorCode() == 50200;
        }

        @Override
        boolean isConnectionLoss(SQLException e) {
            // 90067: connection broken; 90098: database closed; 90121: closed by a JVM shutdown.
            int code = e.getErrorCode();
            return code == 90067 || code == 90098 || code == 90121;
        }

        @Override
        boolean isReadOnly(SQLException e) {
            // 90097: the database is read-only.
            return e.getErrorCode() == 90097;
        }
    };

    private final String scriptFolder;

    JdbcDialect(String scriptFolder) {
        this.scriptFolder = scriptFolder;
    }

    /**
     * The dialect of the database behind this metadata.
     *
     * @throws IllegalArgumentException for a database the adapter does not support
     */
    public static JdbcDialect detect(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (name.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (name.contains("mariadb") || name.contains("mysql")) {
            return MARIADB;
        }
        if (name.equals("h2")) {
            return H2;
        }
        throw new IllegalArgumentException(
                "Unsupported database '" + product + "'; the JDBC adapter supports PostgreSQL, MariaDB/MySQL and H2.");
    }

    /** Detects the dialect of the database a connection talks to. */
    public static JdbcDialect detect(Connection connection) throws SQLException {
        return detect(connection.getMetaData());
    }

    /** The resource folder of this dialect's schema scripts: {@code db/connections/<folder>}. */
    public String scriptLocation() {
        return "db/connections/" + scriptFolder;
    }

    /**
     * This database's statements for the tables under one prefix; the adapter builds them once per {@link
     * JdbcConnections}.
     */
    abstract SqlStatements statements(JdbcTables tables);

    /** Deadlocks, serialization failures, lock timeouts: this database rolled the transaction back. */
    abstract boolean isConflict(SQLException e);

    /** This database's own codes for a session that is gone (killed, shut down, dropped by the network). */
    abstract boolean isConnectionLoss(SQLException e);

    /** Whether {@code e} says the database refuses writes because it is read-only. */
    abstract boolean isReadOnly(SQLException e);

    /**
     * What kind of failure {@code e} is, looking through its causes and chained exceptions: the retry rules of
     * {@link JdbcContext} depend only on this.
     */
    SqlFailure classify(SQLException e) {
        boolean constraint = false;
        for (Throwable t : related(e)) {
            if (t instanceof SocketException || t instanceof EOFException || t instanceof SocketTimeoutException) {
                return SqlFailure.CONNECTION_LOST;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (s instanceof SQLNonTransientConnectionException
                        || s instanceof SQLTransientConnectionException
                        || s instanceof SQLRecoverableException
                        || (state != null && state.startsWith("08"))
                        || isConnectionLoss(s)) {
                    return SqlFailure.CONNECTION_LOST;
                }
                if (isConflict(s)) {
                    return SqlFailure.CONFLICT;
                }
                if (isReadOnly(s)) {
                    return SqlFailure.READ_ONLY;
                }
                constraint |= state != null && state.startsWith("23");
            }
        }
        return constraint ? SqlFailure.CONSTRAINT : SqlFailure.OTHER;
    }

    /** {@code e}, its causes and the exceptions chained to each SQLException, each once. */
    private static Set<Throwable> related(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && seen.size() < 32) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException s && s.getNextException() != null) {
                todo.add(s.getNextException());
            }
        }
        return seen;
    }

    /**
     * Binds an instant the way this database's statements do, for tests that write rows behind the adapter's
     * back; the adapter itself binds through its statements class.
     */
    void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        statements(new JdbcTables("")).setInstant(ps, index, instant);
    }

    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("23505".equals(s.getSQLState()) || s.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a unique violation names the index {@code indexName} (drivers put it in the message). */
    static boolean violates(SQLException e, String indexName) {
        String wanted = indexName.toLowerCase(Locale.ROOT);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }
}
