package dev.connections.jdbc;

import java.sql.SQLException;

/**
 * A deadlock, serialization failure or lost race inside a transaction, carried out of a unit of work
 * (whose methods cannot throw {@link SQLException}) to the retry loop that re-runs it.
 */
final class RetryableSqlException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryableSqlException(SQLException cause) {
        super("Transient database conflict; the transaction will be retried", cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
