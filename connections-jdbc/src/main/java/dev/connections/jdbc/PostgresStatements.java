package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's statements: a partial-index default predicate, a transaction-scoped advisory lock, and the
 * start of a unit of work in one round trip.
 */
final class PostgresStatements extends SqlStatements {
    private final String acquireMigrationLock = "SELECT pg_advisory_xact_lock(?)";
    private final long lockKey;
    private final String lockAndRead;

    PostgresStatements(JdbcTables tables) {
        super(tables);
        // The server runs these one after the other, each with its own snapshot (READ COMMITTED): the read
        // starts only once the lock is held, so it sees what the previous holder committed. pgjdbc sends them,
        // and its BEGIN, in one round trip.
        lockAndRead = "INSERT INTO " + tables.appLocks()
                + " (workspace, integration) VALUES (?, ?) ON CONFLICT DO NOTHING;\n" + lockApp + ";\n"
                + listConnectionsForUpdate;
        // Stable across JVMs (String.hashCode is specified), distinct per table prefix.
        this.lockKey = 0x636f6e6e00000000L ^ migrationLockName().hashCode();
    }

    /** One round trip: isolation level, lock row created if missing, lock taken, rows read. */
    @Override
    <T> List<T> lockAndRead(
            Connection c,
            String workspace,
            String integration,
            boolean firstInTransaction,
            JdbcContext.RowMapper<T> rows)
            throws SQLException {
        String statements = firstInTransaction ? READ_COMMITTED + ";\n" + lockAndRead : lockAndRead;
        List<T> read = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(statements)) {
            for (int i = 0; i < 3; i++) {
                ps.setString(2 * i + 1, workspace);
                ps.setString(2 * i + 2, integration);
            }
            boolean isResultSet = ps.execute();
            int resultSets = 0;
            while (isResultSet || ps.getUpdateCount() != -1) {
                if (isResultSet && ++resultSets == 2) {
                    try (ResultSet rs = ps.getResultSet()) {
                        while (rs.next()) {
                            read.add(rows.map(rs));
                        }
                    }
                }
                isResultSet = ps.getMoreResults();
            }
        }
        return read;
    }

    @Override
    boolean multiStatements() {
        return true;
    }

    @Override
    boolean isolationInTransaction() {
        return true;
    }

    @Override
    String defaultPredicate(String alias) {
        // Matches the partial index's WHERE clause, so the planner can use it.
        return alias + ".is_default";
    }

    @Override
    <T> T underMigrationLock(Connection c, JdbcContext.SqlWork<T> work) throws SQLException {
        return withAutoCommit(c, false, tx -> {
            try {
                // Transactional DDL: the lock, the scripts and the version rows commit together.
                JdbcContext.execute(tx, acquireMigrationLock, ps -> ps.setLong(1, lockKey));
                T result = work.run(tx);
                tx.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            }
        });
    }

    @Override
    String upsertVerification(String statusTable) {
        return "INSERT INTO " + statusTable + " (workspace, connection_id, verified_at, verification,"
                + " verification_reason, verification_http) VALUES (?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (workspace, connection_id) DO UPDATE SET verified_at = EXCLUDED.verified_at,"
                + " verification = EXCLUDED.verification, verification_reason = EXCLUDED.verification_reason,"
                + " verification_http = EXCLUDED.verification_http";
    }

    @Override
    String upsertUse(String statusTable) {
        // GREATEST ignores NULLs in PostgreSQL, so a row without a use yet takes the new one.
        return "INSERT INTO " + statusTable + " AS t (workspace, connection_id, last_used_at) VALUES (?, ?, ?)"
                + " ON CONFLICT (workspace, connection_id) DO UPDATE"
                + " SET last_used_at = GREATEST(t.last_used_at, EXCLUDED.last_used_at)";
    }
}
