package dev.connections.jdbc;

import java.sql.SQLException;

/**
 * A driver failure with the driver's message withheld, as the cause of the adapter's {@code StorageException}s:
 * drivers quote the statement and its bound values (H2's "SQL statement: …", PostgreSQL's "Batch entry 0
 * INSERT … VALUES ('acme', …)", server details naming key values), and a host logs causes with their messages.
 * What stays is what diagnoses a failure without quoting data: the driver's exception class, SQLState, vendor
 * code and stack trace, for every SQL exception in the chain.
 */
final class WithheldSqlException extends SQLException {
    private static final long serialVersionUID = 1L;

    private WithheldSqlException(SQLException original) {
        super(
                original.getClass().getName() + " (SQLState " + original.getSQLState() + ", vendor code "
                        + original.getErrorCode() + "; the driver's message is withheld as it may quote SQL and its"
                        + " values)",
                original.getSQLState(),
                original.getErrorCode());
        setStackTrace(original.getStackTrace());
        Throwable cause = original.getCause();
        if (cause != null) {
            // Network causes (a reset, a timeout) carry no SQL: they stay as they are.
            initCause(cause instanceof SQLException sql ? of(sql) : cause);
        }
        SQLException next = original.getNextException();
        if (next != null && next != cause) {
            setNextException(of(next));
        }
    }

    /** {@code failure} with its message, and those of the SQL exceptions it chains to, withheld. */
    static SQLException of(SQLException failure) {
        return failure instanceof WithheldSqlException ? failure : new WithheldSqlException(failure);
    }
}
