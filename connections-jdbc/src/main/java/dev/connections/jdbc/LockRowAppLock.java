package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2's app lock: the app's lock row read FOR UPDATE, inserted on the app's first use, then the app's rows read FOR
 * UPDATE. A concurrent first use makes the INSERT fail on the primary key; the transaction is then re-run and
 * finds the row.
 */
final class LockRowAppLock implements AppLock {
    private final H2Sql sql;

    LockRowAppLock(H2Sql sql) {
        this.sql = sql;
    }

    @Override
    public <T> List<T> lockAndRead(
            Connection c, String workspace, String integration, boolean first, Jdbc.RowMapper<T> rows)
            throws SQLException {
        Jdbc.Binder app = Jdbc.strings(workspace, integration);
        if (Jdbc.queryOne(c, sql.lockApp, app, rs -> true).isEmpty()) {
            try {
                Jdbc.update(c, sql.insertAppLock, app);
            } catch (SQLException e) {
                if (SqlFailure.isUniqueViolation(e)) {
                    throw new RetryableSqlException(e);
                }
                throw e;
            }
        }
        return Jdbc.query(c, sql.listConnectionsForUpdate, app, rows);
    }

    /** READ COMMITTED is H2's default, and nothing here changes it. */
    @Override
    public boolean setsIsolation() {
        return false;
    }
}
