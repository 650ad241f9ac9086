package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Locale;

/**
 * The databases the JDBC adapter supports, detected from the driver's metadata; each hands out its SQL (one
 * statements class per database) and the small strategies for what it does differently: the app lock, the
 * migration lock, the driver's capabilities, timestamp binding and the failure codes that drive retries (and
 * mark read-only storage).
 *
 * <p>Normally detected from the connection's metadata ({@link #detect(DatabaseMetaData)}); a host sets it
 * explicitly only when a driver reports an unusual product name.
 */
public enum JdbcDialect {
    /** PostgreSQL 12 or later. */
    POSTGRESQL(
            "postgresql",
            new FailureClassifier(
                    // 55P03: lock_timeout ended a wait for the app's lock (JdbcTimeouts.lockTimeout).
                    e -> "40001".equals(e.getSQLState())
                            || "40P01".equals(e.getSQLState())
                            || "55P03".equals(e.getSQLState()),
                    // 57P01-57P03: the server is terminating this session (pg_terminate_backend, shutdown, restart).
                    e -> "57P01".equals(e.getSQLState())
                            || "57P02".equals(e.getSQLState())
                            || "57P03".equals(e.getSQLState()),
                    // 25006: read_only_sql_transaction (default_transaction_read_only, a hot standby).
                    e -> "25006".equals(e.getSQLState()))) {
        @Override
        DialectParts parts(JdbcTables tables, JdbcTimeouts timeouts) {
            PostgresSql sql = new PostgresSql(tables, timeouts.lockTimeout());
            return new DialectParts(
                    sql,
                    new AdvisoryAppLock(sql),
                    new AdvisoryMigrationLock(sql),
                    MultiStatements.ALWAYS,
                    Timestamps.WITH_TIME_ZONE,
                    failures());
        }
    },

    /** MariaDB 10.5 or later, and MySQL 8 (InnoDB). */
    MARIADB(
            "mariadb",
            new FailureClassifier(
                    // 1213: deadlock, 1205: lock wait timeout; both roll back (part of) the transaction.
                    e -> "40001".equals(e.getSQLState()) || e.getErrorCode() == 1213 || e.getErrorCode() == 1205,
                    // 1927: connection killed; 2006: server has gone away; 2013: lost during query; 1053: shutdown;
                    // 1317 / 70100: the statement was interrupted because its session was killed.
                    e -> e.getErrorCode() == 1927
                            || e.getErrorCode() == 2006
                            || e.getErrorCode() == 2013
                            || e.getErrorCode() == 1053
                            || e.getErrorCode() == 1317
                            || "70100".equals(e.getSQLState()),
                    // 1290: running with --read-only; 1836: read-only mode; 1792: a read-only transaction.
                    e -> e.getErrorCode() == 1290
                            || e.getErrorCode() == 1836
                            || e.getErrorCode() == 1792
                            || "25006".equals(e.getSQLState()))) {
        @Override
        DialectParts parts(JdbcTables tables, JdbcTimeouts timeouts) {
            MariaDbSql sql = new MariaDbSql(tables, timeouts.lockTimeout());
            // Several statements in one round trip when the host's URL allows it (allowMultiQueries=true).
            MultiStatements multiStatements = new ProbedMultiStatements(sql.multiStatementProbe);
            return new DialectParts(
                    sql,
                    new UpsertAppLock(sql, multiStatements),
                    new NamedMigrationLock(sql),
                    multiStatements,
                    Timestamps.UTC_DATETIME,
                    failures());
        }
    },

    /** H2 2.x, embedded or server. */
    H2(
            "h2",
            new FailureClassifier(
                    // 40001: deadlock; 50200: lock timeout (H2 waits LOCK_TIMEOUT ms for a row lock, 1 s by default).
                    e -> "40001".equals(e.getSQLState()) || e.getErrorCode() == 50200,
                    // 90067: connection broken; 90098: database closed; 90121: closed by a JVM shutdown.
                    e -> e.getErrorCode() == 90067 || e.getErrorCode() == 90098 || e.getErrorCode() == 90121,
                    // 90097: the database is read-only.
                    e -> e.getErrorCode() == 90097)) {
        /** H2 bounds lock waits with its own {@code LOCK_TIMEOUT} (set in its URL), not per statement. */
        @Override
        DialectParts parts(JdbcTables tables, JdbcTimeouts timeouts) {
            H2Sql sql = new H2Sql(tables);
            return new DialectParts(
                    sql,
                    new LockRowAppLock(sql),
                    new RowMigrationLock(sql),
                    MultiStatements.NEVER,
                    Timestamps.WITH_TIME_ZONE,
                    failures());
        }
    };

    private final String scriptFolder;
    private final FailureClassifier failures;

    JdbcDialect(String scriptFolder, FailureClassifier failures) {
        this.scriptFolder = scriptFolder;
        this.failures = failures;
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
     * This database's statements and strategies for the tables under one prefix, with the lock timeout in the
     * statements that take the app's lock where the database bounds it per statement; the adapter asks once per
     * {@link JdbcConnections}.
     */
    abstract DialectParts parts(JdbcTables tables, JdbcTimeouts timeouts);

    /** {@link #parts(JdbcTables, JdbcTimeouts)} with the default timeouts. */
    final DialectParts parts(JdbcTables tables) {
        return parts(tables, JdbcTimeouts.DEFAULTS);
    }

    /** Which of this database's failures are conflicts or lost connections. */
    final FailureClassifier failures() {
        return failures;
    }
}
