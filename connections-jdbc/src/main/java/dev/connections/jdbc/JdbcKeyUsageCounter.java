package dev.connections.jdbc;

import dev.connections.crypto.KeyUsageCounter;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A {@link KeyUsageCounter} kept in a database table, so encryption counts per data key survive restarts
 * and add up across host instances.
 *
 * <p>Obtain it from {@link JdbcConnections#keyUsageCounter()}.
 */
public final class JdbcKeyUsageCounter implements KeyUsageCounter {
    private final JdbcContext ctx;

    JdbcKeyUsageCounter(JdbcContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public long add(String keyId, long n) {
        Objects.requireNonNull(keyId, "keyId");
        if (n < 0) {
            throw new IllegalArgumentException("n cannot be negative");
        }
        String update = "UPDATE " + ctx.tables.keyUsage() + " SET encryptions = encryptions + ? WHERE key_id = ?";
        String insert = "INSERT INTO " + ctx.tables.keyUsage() + " (key_id, encryptions) VALUES (?, ?)";
        return ctx.transaction("count key usage", c -> {
            int updated;
            try (PreparedStatement ps = c.prepareStatement(update)) {
                ps.setLong(1, n);
                ps.setString(2, keyId);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, keyId);
                    ps.setLong(2, n);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if (JdbcDialect.isUniqueViolation(e)) {
                        // Another instance counted the first use at the same moment: run again as an update.
                        throw new RetryableSqlException(e);
                    }
                    throw e;
                }
            }
            return read(c, keyId);
        });
    }

    @Override
    public long count(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        return ctx.read("read key usage", c -> read(c, keyId));
    }

    private long read(java.sql.Connection c, String keyId) throws SQLException {
        String sql = "SELECT encryptions FROM " + ctx.tables.keyUsage() + " WHERE key_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, keyId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcKeyUsageCounter[" + ctx.dialect + ", prefix=" + ctx.tables.prefix() + "]";
    }
}
