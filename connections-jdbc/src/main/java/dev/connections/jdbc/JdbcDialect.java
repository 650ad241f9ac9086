package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The databases the JDBC adapter supports; every SQL difference between them lives in this enum.
 *
 * <p>Normally detected from the connection's metadata ({@link #detect(DatabaseMetaData)}); a host sets it
 * explicitly only when a driver reports an unusual product name.
 */
public enum JdbcDialect {
    /** PostgreSQL 12 or later. */
    POSTGRESQL("postgresql") {
        @Override
        String defaultPredicate(String alias) {
            // Matches the partial index's WHERE clause, so the planner can use it.
            return alias + ".is_default";
        }

        @Override
        boolean isRetryable(SQLException e) {
            String state = e.getSQLState();
            return "40001".equals(state) || "40P01".equals(state);
        }
    },

    /** MariaDB 10.5 or later, and MySQL 8 (InnoDB). */
    MARIADB("mariadb") {
        @Override
        String defaultPredicate(String alias) {
            return alias + ".default_key = 1";
        }

        @Override
        boolean isRetryable(SQLException e) {
            // 1213: deadlock, 1205: lock wait timeout; both roll back (part of) the transaction.
            return "40001".equals(e.getSQLState()) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205;
        }

        @Override
        void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
            // DATETIME has no zone: store UTC wall-clock time, whatever the session time zone is.
            ps.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }

        @Override
        Instant getInstant(ResultSet rs, String column) throws SQLException {
            return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
        }
    },

    /** H2 2.x, embedded or server. */
    H2("h2") {
        @Override
        String defaultPredicate(String alias) {
            return alias + ".default_key = TRUE";
        }

        @Override
        boolean isRetryable(SQLException e) {
            // 40001: deadlock; 50200: lock timeout (H2 waits LOCK_TIMEOUT ms for a row lock, 1 s by default).
            return "40001".equals(e.getSQLState()) || e.getErrorCode() == 50200;
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

    /** SQL condition selecting default rows, written so the one-default index serves it. */
    abstract String defaultPredicate(String alias);

    /** Deadlocks and serialization failures: the transaction was rolled back and may simply be re-run. */
    abstract boolean isRetryable(SQLException e);

    void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        if (value == null) {
            Timestamp ts = rs.getTimestamp(column);
            return ts.toInstant();
        }
        return value.toInstant();
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
