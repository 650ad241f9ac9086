package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** H2's statements: a boolean default flag and a lease on a lock row, since H2 commits on DDL. */
final class H2Statements extends SqlStatements {
    private final String createLockTable;
    private final String insertLockRow;
    private final String acquireLease;
    private final String releaseLease;

    H2Statements(JdbcTables tables) {
        super(tables);
        String table = tables.schemaLock();
        createLockTable = "CREATE TABLE IF NOT EXISTS " + table
                + " (id INT NOT NULL PRIMARY KEY, locked_by VARCHAR(64), locked_at BIGINT)";
        insertLockRow = "INSERT INTO " + table + " (id) VALUES (1)";
        acquireLease = "UPDATE " + table
                + " SET locked_by = ?, locked_at = ? WHERE id = 1 AND (locked_by IS NULL OR locked_at < ?)";
        releaseLease = "UPDATE " + table + " SET locked_by = NULL WHERE id = 1 AND locked_by = ?";
    }

    @Override
    String defaultPredicate(String alias) {
        return alias + ".default_key = TRUE";
    }

    @Override
    <T> T underMigrationLock(Connection c, JdbcContext.SqlWork<T> work) throws SQLException {
        return withAutoCommit(c, true, tx -> {
            JdbcContext.execute(tx, createLockTable);
            try {
                JdbcContext.execute(tx, insertLockRow);
            } catch (SQLException e) {
                if (!JdbcDialect.isUniqueViolation(e)) {
                    throw e;
                }
            }
            // H2 commits on DDL, which would release a row lock; so the lock is a lease on the row instead.
            String owner = UUID.randomUUID().toString();
            acquireLease(tx, owner);
            try {
                return work.run(tx);
            } finally {
                JdbcContext.update(tx, releaseLease, ps -> ps.setString(1, owner));
            }
        });
    }

    private void acquireLease(Connection c, String owner) throws SQLException {
        Instant deadline = Instant.now().plus(LOCK_TIMEOUT);
        while (true) {
            long now = System.currentTimeMillis();
            int taken = JdbcContext.update(c, acquireLease, ps -> {
                ps.setString(1, owner);
                ps.setLong(2, now);
                // A lease older than the timeout belongs to an instance that died while migrating.
                ps.setLong(3, now - LOCK_TIMEOUT.toMillis());
            });
            if (taken == 1) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StorageException("Another instance has been migrating the connections tables for too"
                        + " long; try again later.");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while waiting for the schema lock", e);
            }
        }
    }

    @Override
    String upsertVerification(String statusTable) {
        return "MERGE INTO " + statusTable + " t USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(36)),"
                + " CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(500)),"
                + " CAST(? AS INTEGER))) AS s(workspace, connection_id, verified_at, verification, reason, http)"
                + " ON t.workspace = s.workspace AND t.connection_id = s.connection_id"
                + " WHEN MATCHED THEN UPDATE SET verified_at = s.verified_at, verification = s.verification,"
                + " verification_reason = s.reason, verification_http = s.http"
                + " WHEN NOT MATCHED THEN INSERT (workspace, connection_id, verified_at, verification,"
                + " verification_reason, verification_http)"
                + " VALUES (s.workspace, s.connection_id, s.verified_at, s.verification, s.reason, s.http)";
    }

    @Override
    String upsertUse(String statusTable) {
        return "MERGE INTO " + statusTable + " t USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(36)),"
                + " CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(workspace, connection_id, used_at)"
                + " ON t.workspace = s.workspace AND t.connection_id = s.connection_id"
                + " WHEN MATCHED AND (t.last_used_at IS NULL OR t.last_used_at < s.used_at)"
                + " THEN UPDATE SET last_used_at = s.used_at"
                + " WHEN NOT MATCHED THEN INSERT (workspace, connection_id, last_used_at)"
                + " VALUES (s.workspace, s.connection_id, s.used_at)";
    }
}
