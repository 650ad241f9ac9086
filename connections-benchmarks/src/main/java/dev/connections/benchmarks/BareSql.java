package dev.connections.benchmarks;

import dev.connections.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The baselines' bare SQL: the INSERTs a connection and its ciphertext need, written as the adapter's tables
 * expect them, and one transaction around a baseline's statements.
 */
final class BareSql {
    final String insertConnection;
    final String insertSecret;

    BareSql(JdbcConnections tables) {
        insertConnection = "INSERT INTO " + tables.tables().connections()
                + " (workspace, id, integration, name, name_key, secret_ref, key_hint, is_default, settings,"
                + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        insertSecret = "INSERT INTO " + tables.tables().secrets()
                + " (ref, workspace, connection_id, format, key_id, sealed) VALUES (?, ?, ?, ?, ?, ?)";
    }

    /** Binds a connection row of {@code app}, version 1, created and updated at {@code now}. */
    static void bindConnection(
            PreparedStatement ps,
            String workspace,
            String id,
            String app,
            String name,
            String ref,
            boolean isDefault,
            Object now)
            throws SQLException {
        ps.setString(1, workspace);
        ps.setString(2, id);
        ps.setString(3, app);
        ps.setString(4, name);
        ps.setString(5, name.toLowerCase(java.util.Locale.ROOT));
        ps.setString(6, ref);
        ps.setString(7, "…abcd");
        ps.setBoolean(8, isDefault);
        ps.setString(9, "{}");
        ps.setObject(10, now);
        ps.setObject(11, now);
        ps.setLong(12, 1);
    }

    /** Binds a ciphertext row. */
    static void bindSecret(PreparedStatement ps, String ref, String workspace, String id, byte[] sealed)
            throws SQLException {
        ps.setString(1, ref);
        ps.setString(2, workspace);
        ps.setString(3, id);
        ps.setInt(4, 1);
        ps.setString(5, "bench-1");
        ps.setBytes(6, sealed);
    }

    /**
     * The bare side of an add: the connection's and the ciphertext's INSERT in one transaction on {@code pool}, a
     * fresh connection id and secret ref each time.
     */
    int add(DataSource pool, Object now, String workspace, String app, String name, byte[] sealed) throws SQLException {
        String id = UUID.randomUUID().toString();
        String ref = UUID.randomUUID().toString();
        return inTransaction(pool, c -> {
            try (PreparedStatement conn = c.prepareStatement(insertConnection);
                    PreparedStatement secret = c.prepareStatement(insertSecret)) {
                bindConnection(conn, workspace, id, app, name, ref, true, now);
                int rows = conn.executeUpdate();
                bindSecret(secret, ref, workspace, id, sealed);
                return rows + secret.executeUpdate();
            }
        });
    }

    /** Work on one connection of the pool. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(DataSource pool, Work<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
