package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's app lock: a transaction-scoped advisory lock, held in the server's memory, so it costs no row, no
 * WAL and no dead tuple, where a lock row costs an INSERT on an app's first write and a row lock (WAL record) on
 * every one. Released only after COMMIT is visible, so the next holder's next statement sees what this one
 * committed. pgjdbc sends the isolation level, the lock and the read in one round trip, and the server runs them
 * one after the other, each with its own snapshot (READ COMMITTED).
 */
final class AdvisoryAppLock implements AppLock {
    private final PostgresSql sql;

    /**
     * The first number of the two-number advisory keys: keeps adapters with different table prefixes apart. The
     * two-number keys never meet the one-number migration lock.
     */
    private final int lockSpace;

    AdvisoryAppLock(PostgresSql sql) {
        this.sql = sql;
        this.lockSpace = ("connections app lock " + sql.tables.prefix()).hashCode();
    }

    @Override
    public <T> List<T> lockAndRead(
            Connection c, String workspace, String integration, boolean first, Jdbc.RowMapper<T> rows)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(first ? sql.lockAndRead : sql.lockAndReadJoined)) {
            ps.setInt(1, lockSpace);
            ps.setInt(2, appLockKey(workspace, integration));
            ps.setString(3, workspace);
            ps.setString(4, integration);
            // The lock's one row is the first result set, the app's rows the second.
            return Jdbc.rowsOfResultSet(ps, 2, rows);
        }
    }

    @Override
    public boolean setsIsolation() {
        return true;
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
}
