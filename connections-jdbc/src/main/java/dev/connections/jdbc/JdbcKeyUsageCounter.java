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
    private final JdbcDialect dialect;
    private final Transactions transactions;
    private final SqlStatements sql;

    JdbcKeyUsageCounter(JdbcDialect dialect, DialectParts parts, Transactions transactions) {
        this.dialect = dialect;
        this.transactions = transactions;
        this.sql = parts.sql();
    }

    @Override
    public long add(String keyId, long n) {
        Objects.requireNonNull(keyId, "keyId");
        if (n < 0) {
            throw new IllegalArgumentException("n cannot be negative");
        }
        return transactions.idempotent("count key usage", tx -> {
            java.sql.Connection c = tx.connection();
            int updated = Jdbc.update(c, sql.addKeyUsage, p -> {
                p.setLong(1, n);
                p.setString(2, keyId);
            });
            if (updated == 0) {
                try {
                    Jdbc.update(c, sql.insertKeyUsage, p -> {
                        p.setString(1, keyId);
                        p.setLong(2, n);
                    });
                } catch (SQLException e) {
                    if (SqlFailure.isUniqueViolation(e)) {
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
        return transactions.read("read key usage", c -> read(c, keyId));
    }

    private long read(java.sql.Connection c, String keyId) throws SQLException {
        return Jdbc.queryOne(c, sql.findKeyUsage, p -> p.setString(1, keyId), rs -> rs.getLong(1))
                .orElse(0L);
    }

    @Override
    public String toString() {
        return "JdbcKeyUsageCounter[" + dialect + ", prefix=" + sql.tables.prefix() + "]";
    }
}
