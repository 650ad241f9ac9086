package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * MariaDB's and MySQL's app lock: the app's lock row taken by one upsert (created on first use), READ COMMITTED
 * set for the transaction first (the session default is REPEATABLE READ), and the rows read FOR UPDATE; one round
 * trip when the driver {@linkplain MultiStatements sends several statements at once}, two in a compound statement
 * (which cannot set the isolation level), else one per statement.
 */
final class UpsertAppLock implements AppLock {
    private final MariaDbSql sql;
    private final MultiStatements multiStatements;

    UpsertAppLock(MariaDbSql sql, MultiStatements multiStatements) {
        this.sql = sql;
        this.multiStatements = multiStatements;
    }

    @Override
    public <T> List<T> lockAndRead(
            Connection c, String workspace, String integration, boolean first, Jdbc.RowMapper<T> rows)
            throws SQLException {
        Jdbc.Binder app = Jdbc.strings(workspace, integration);
        if (!multiStatements.supported(c)) {
            if (first) {
                Jdbc.execute(c, SqlStatements.READ_COMMITTED);
            }
            Jdbc.update(c, sql.lockAppRow, app);
            return Jdbc.query(c, sql.listConnectionsForUpdate, app, rows);
        }
        String statement;
        if (!multiStatements.joinsIsolation()) {
            if (first) {
                Jdbc.execute(c, SqlStatements.READ_COMMITTED);
            }
            statement = multiStatements.join(List.of(sql.lockAppRow, sql.listConnectionsForUpdate), false);
        } else {
            statement = first ? sql.lockAndReadFirst : sql.lockAndRead;
        }
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            for (int i = 0; i < 2; i++) {
                ps.setString(2 * i + 1, workspace);
                ps.setString(2 * i + 2, integration);
            }
            return Jdbc.rowsOfResultSet(ps, 1, rows);
        }
    }

    @Override
    public boolean setsIsolation() {
        return true;
    }
}
