package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's statements: a partial-index default predicate, a transaction-scoped advisory lock, and the
 * start of a unit of work in one round trip.
 */
final class PostgresStatements extends SqlStatements {
    private final String acquireMigrationLock = "SELECT pg_advisory_xact_lock(?)";
    private final long lockKey;
    private final String lockAndRead;
    private final String lockAndReadJoined;
    /** The first round trip of a unit of work: isolation level, lock timeout (if any), lock, read. */
    private String firstLockAndRead;

    private final int appLockSpace;

    PostgresStatements(JdbcTables tables) {
        super(tables);
        // The app lock is a transaction-scoped advisory lock: held in the server's memory, it costs no row, no
        // WAL and no dead tuple, where a lock row costs an INSERT on an app's first write and a row lock (WAL
        // record) on every one. Released only after COMMIT is visible, so the next holder's next statement sees
        // what this one committed. pgjdbc sends the lock, the read and its BEGIN in one round trip, and the
        // server runs them one after the other, each with its own snapshot (READ COMMITTED).
        String lockApp = "SELECT pg_advisory_xact_lock(?, ?)";
        lockAndRead = lockApp + ";\n" + listConnections;
        // In a host's transaction the isolation level is the host's: under REPEATABLE READ the read would use
        // the transaction's first snapshot, so the rows are locked too, which makes PostgreSQL refuse (and the
        // unit of work be re-run) when one changed after that snapshot.
        lockAndReadJoined = lockApp + ";\n" + listConnectionsForUpdate;
        firstLockAndRead = READ_COMMITTED + ";\n" + lockAndRead;
        // The two-number advisory keys never meet the one-number migration lock; the first number keeps
        // adapters with different table prefixes apart.
        this.appLockSpace = ("connections app lock " + tables.prefix()).hashCode();
        // Stable across JVMs (String.hashCode is specified), distinct per table prefix.
        this.lockKey = 0x636f6e6e00000000L ^ migrationLockName().hashCode();
    }

    /**
     * {@code SET LOCAL}: for this transaction only, so a connection the host shares keeps its own setting. Not
     * when joining the host's transaction, whose settings are the host's.
     */
    @Override
    void lockTimeout(JdbcTimeouts timeouts) {
        String setting = timeouts.lockTimeout().isZero()
                ? ""
                : "SET LOCAL lock_timeout = '" + timeouts.lockTimeout().toMillis() + "ms';\n";
        firstLockAndRead = READ_COMMITTED + ";\n" + setting + lockAndRead;
    }

    /** One round trip: isolation level, lock timeout, the app's advisory lock, its rows read. */
    @Override
    <T> List<T> lockAndRead(
            Connection c,
            String workspace,
            String integration,
            boolean firstInTransaction,
            JdbcContext.RowMapper<T> rows)
            throws SQLException {
        String statements = firstInTransaction ? firstLockAndRead : lockAndReadJoined;
        try (PreparedStatement ps = c.prepareStatement(statements)) {
            ps.setInt(1, appLockSpace);
            ps.setInt(2, appLockKey(workspace, integration));
            ps.setString(3, workspace);
            ps.setString(4, integration);
            // The lock's one row is the first result set, the app's rows the second.
            return rowsOfResultSet(ps, 2, rows);
        }
    }

    /**
     * The app's advisory-lock number: FNV-1a over the workspace, a separator no id may contain, and the app,
     * folded to 32 bits. Every instance must compute the same number, so it depends on the characters alone. Two
     * apps that share a number only wait for each other; correctness never depends on the numbers differing.
     */
    static int appLockKey(String workspace, String integration) {
        long hash = 0xcbf29ce484222325L;
        hash = fnv(hash, workspace);
        hash = (hash ^ '\n') * 0x100000001b3L;
        hash = fnv(hash, integration);
        return (int) (hash ^ (hash >>> 32));
    }

    private static long fnv(long hash, String text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }

    @Override
    boolean multiStatements(Connection c) {
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
