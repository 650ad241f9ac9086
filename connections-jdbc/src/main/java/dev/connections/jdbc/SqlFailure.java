package dev.connections.jdbc;

import java.sql.SQLException;
import java.util.Locale;

/** The kinds of database failure that decide whether a statement or transaction may run again. */
enum SqlFailure {
    /** The session is gone (killed, network, restart): a fresh connection may succeed. */
    CONNECTION_LOST,
    /** Deadlock, serialization failure or lock timeout: the database rolled back; running again may succeed. */
    CONFLICT,
    /**
     * The database refuses writes (read-only, e.g. during a failover): not retried, reported as {@link
     * dev.connections.error.StorageReadOnlyException}.
     */
    READ_ONLY,
    /** A constraint refused the change: running it again gives the same answer. */
    CONSTRAINT,
    /** Anything else: not retried. */
    OTHER;

    /** Whether running the same work again, on a fresh connection, can succeed. */
    boolean isTransient() {
        return this == CONNECTION_LOST || this == CONFLICT;
    }

    /** Whether {@code e} or one of its causes is a unique-index violation (the same codes on every database). */
    static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("23505".equals(s.getSQLState()) || s.getErrorCode() == 1062)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a unique violation names the index {@code indexName} (drivers put it in the message). */
    static boolean violates(SQLException e, String indexName) {
        String wanted = indexName.toLowerCase(Locale.ROOT);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && message.toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
    }
}
