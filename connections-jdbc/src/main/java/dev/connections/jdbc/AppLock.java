package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * How a database serialises the units of work on one app: the lock taken at the start of {@code modify}, and the
 * app's rows read after it. The read follows the lock, never the other way round: only a statement that starts
 * after the lock is held sees what the previous holder committed.
 */
interface AppLock {
    /**
     * Takes the app's lock and reads its rows FOR UPDATE.
     *
     * @param first whether nothing ran before in this transaction, so that READ COMMITTED may be set for it when
     *     {@link #setsIsolation()}
     */
    <T> List<T> lockAndRead(Connection c, String workspace, String integration, boolean first, Jdbc.RowMapper<T> rows)
            throws SQLException;

    /**
     * Whether {@link #lockAndRead} sets READ COMMITTED for its own transaction, so the JDBC isolation level need
     * not be read, set and restored around each transaction (false: H2, whose default it is anyway).
     */
    boolean setsIsolation();
}
