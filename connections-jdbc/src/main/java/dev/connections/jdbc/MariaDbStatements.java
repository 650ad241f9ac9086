package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * MariaDB's and MySQL's statements: a 0/1 default flag, UTC DATETIME timestamps, a GET_LOCK lock, and READ
 * COMMITTED set for a unit of work's transaction only (the session default is REPEATABLE READ).
 */
final class MariaDbStatements extends SqlStatements {

    private final String acquireMigrationLock = "SELECT GET_LOCK(?, ?)";
    private final String releaseMigrationLock = "SELECT RELEASE_LOCK(?)";

    MariaDbStatements(JdbcTables tables) {
        super(tables);
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
