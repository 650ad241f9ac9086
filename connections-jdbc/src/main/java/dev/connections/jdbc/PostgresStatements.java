package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/** PostgreSQL's statements: a partial-index default predicate and a transaction-scoped advisory lock. */
final class PostgresStatements extends SqlStatements {
    private final String acquireMigrationLock = "SELECT pg_advisory_xact_lock(?)";
    private final long lockKey;

    PostgresStatements(JdbcTables tables) {
        super(tables);
        // Stable across JVMs (String.hashCode is specified), distinct per table prefix.
        this.lockKey = 0x636f6e6e00000000L ^ migrationLockName().hashCode();
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
