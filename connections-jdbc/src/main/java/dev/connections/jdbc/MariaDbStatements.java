package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB's and MySQL's statements: a 0/1 default flag, UTC DATETIME timestamps, a GET_LOCK lock, READ
 * COMMITTED set for a unit of work's transaction only (the session default is REPEATABLE READ), and several
 * statements in one round trip when the host's URL allows it ({@code allowMultiQueries=true}).
 */
final class MariaDbStatements extends SqlStatements {
    /** MariaDB's "You have an error in your SQL syntax": what a server says to two statements it was not told of. */
    private static final int SYNTAX_ERROR = 1064;

    private final String acquireMigrationLock = "SELECT GET_LOCK(?, ?)";
    private final String releaseMigrationLock = "SELECT RELEASE_LOCK(?)";
    private final String takeAppRow;
    private String lockAppRow;
    private String lockAndRead;

    /** Whether the driver sends several statements in one round trip; null until a connection was asked. */
    private volatile @Nullable Boolean multiStatements;

    MariaDbStatements(JdbcTables tables) {
        super(tables);
        // One statement takes the lock row whether or not it exists yet: on a duplicate key InnoDB puts an
        // exclusive lock on the row it would update, and a concurrent first INSERT makes it wait for that
        // transaction's end. No gap lock under READ COMMITTED, and no S-then-X upgrade that two writers
        // could deadlock on (INSERT IGNORE takes a shared lock).
        takeAppRow = "INSERT INTO " + tables.appLocks() + " (workspace, integration) VALUES (?, ?)"
                + " ON DUPLICATE KEY UPDATE integration = integration";
        lockAppRow = takeAppRow;
        lockAndRead = lockAppRow + ";\n" + listConnectionsForUpdate;
    }

    /**
     * {@code SET STATEMENT … FOR} (MariaDB 10.1+): for the lock statement only, so a connection the host shares
     * keeps its own {@code innodb_lock_wait_timeout}. MySQL has no such clause: there set the lock timeout to
     * zero and bound lock waits with the server's {@code innodb_lock_wait_timeout}.
     */
    @Override
    void lockTimeout(JdbcTimeouts timeouts) {
        lockAppRow = timeouts.lockTimeout().isZero()
                ? takeAppRow
                : "SET STATEMENT innodb_lock_wait_timeout = " + timeouts.lockTimeoutSeconds() + " FOR " + takeAppRow;
        lockAndRead = lockAppRow + ";\n" + listConnectionsForUpdate;
    }

    /**
     * Asks the driver once, on the first unit of work: without {@code allowMultiQueries=true} the server refuses
     * two statements in one as a syntax error, which changes nothing. Any other failure is the connection's and
     * is thrown, so the question is asked again next time.
     */
    @Override
    boolean multiStatements(Connection c) throws SQLException {
        Boolean known = multiStatements;
        if (known == null) {
            try (Statement probe = c.createStatement()) {
                probe.execute("SELECT 1;\nSELECT 1");
                while (probe.getMoreResults() || probe.getUpdateCount() != -1) {
                    // drain the second result
                }
                known = true;
            } catch (SQLException e) {
                if (e.getErrorCode() != SYNTAX_ERROR) {
                    throw e;
                }
                known = false;
            }
            multiStatements = known;
        }
        return known;
    }

    /**
     * The app's lock row taken (created on first use) and its rows read FOR UPDATE: one round trip with the
     * isolation level when the driver {@linkplain #multiStatements(Connection) sends several statements at
     * once}, else one per statement.
     */
    @Override
    <T> List<T> lockAndRead(
            Connection c,
            String workspace,
            String integration,
            boolean firstInTransaction,
            JdbcContext.RowMapper<T> rows)
            throws SQLException {
        JdbcContext.Binder app = JdbcContext.strings(workspace, integration);
        if (!multiStatements(c)) {
            if (firstInTransaction) {
                JdbcContext.execute(c, READ_COMMITTED);
            }
            JdbcContext.update(c, lockAppRow, app);
            return JdbcContext.query(c, listConnectionsForUpdate, app, rows);
        }
        String statements = firstInTransaction ? READ_COMMITTED + ";\n" + lockAndRead : lockAndRead;
        try (PreparedStatement ps = c.prepareStatement(statements)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(2 * i + 1, workspace);
                ps.setString(2 * i + 2, integration);
            }
            return rowsOfResultSet(ps, 1, rows);
        }
    }

    @Override
    boolean isolationInTransaction() {
        return true;
    }

    @Override
    String defaultPredicate(String alias) {
        return alias + ".default_key = 1";
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

    @Override
    <T> T underMigrationLock(Connection c, JdbcContext.SqlWork<T> work) throws SQLException {
        String lockName = migrationLockName();
        boolean locked = JdbcContext.queryOne(
                        c,
                        acquireMigrationLock,
                        ps -> {
                            ps.setString(1, lockName);
                            ps.setLong(2, LOCK_TIMEOUT.toSeconds());
                        },
                        rs -> rs.getInt(1) == 1)
                .orElse(false);
        if (!locked) {
            throw new StorageException(
                    "Another instance has been migrating the connections tables for too long; try again later.");
        }
        try {
            // MariaDB commits each DDL statement by itself; the lock keeps other instances out meanwhile.
            return withAutoCommit(c, true, work);
        } finally {
            JdbcContext.execute(c, releaseMigrationLock, ps -> ps.setString(1, lockName));
        }
    }

    @Override
    String upsertVerification(String statusTable) {
        return "INSERT INTO " + statusTable + " (workspace, connection_id, verified_at, verification,"
                + " verification_reason, verification_http) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE verified_at = VALUES(verified_at), verification = VALUES(verification),"
                + " verification_reason = VALUES(verification_reason),"
                + " verification_http = VALUES(verification_http)";
    }

    @Override
    String upsertUse(String statusTable) {
        // GREATEST is NULL when either side is: a row without a use yet takes the new one through COALESCE.
        return "INSERT INTO " + statusTable + " (workspace, connection_id, last_used_at) VALUES (?, ?, ?)"
                + " ON DUPLICATE KEY UPDATE"
                + " last_used_at = GREATEST(COALESCE(last_used_at, VALUES(last_used_at)), VALUES(last_used_at))";
    }
}
