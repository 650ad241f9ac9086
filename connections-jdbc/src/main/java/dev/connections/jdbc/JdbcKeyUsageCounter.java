package dev.connections.jdbc;

import dev.connections.crypto.KeyUsageCounter;
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
        SqlStatements sql = ctx.sql;
        return ctx.transaction("count key usage", c -> {
            int updated = JdbcContext.update(c, sql.addKeyUsage, ps -> {
                ps.setLong(1, n);
                ps.setString(2, keyId);
            });
            if (updated == 0) {
                try {
                    JdbcContext.update(c, sql.insertKeyUsage, ps -> {
                        ps.setString(1, keyId);
                        ps.setLong(2, n);
                    });
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
        return JdbcContext.queryOne(c, ctx.sql.findKeyUsage, ps -> ps.setString(1, keyId), rs -> rs.getLong(1))
                .orElse(0L);
    }

    @Override
    public String toString() {
        return "JdbcKeyUsageCounter[" + ctx.dialect + ", prefix=" + ctx.tables.prefix() + "]";
    }
}
