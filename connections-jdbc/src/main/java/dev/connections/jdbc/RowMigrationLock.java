package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * H2's migration lock: the one row of a lock table, held FOR UPDATE by a connection of its own while the scripts
 * run on another. H2 commits on DDL, which would release a row lock taken on the scripts' own connection. The
 * database does the waiting: a wait longer than H2's lock timeout fails and is asked again, until {@link #WAIT}.
 * An instance that dies while migrating loses its connection, and with it the lock.
 */
final class RowMigrationLock implements MigrationLock {
    /** H2's "Timeout trying to lock table": another connection holds the row longer than H2 waits. */
    private static final int LOCK_TIMEOUT = 50200;

    private final H2Sql sql;

    RowMigrationLock(H2Sql sql) {
        this.sql = sql;
    }

    @Override
    public <T> T whileHeld(DataSource dataSource, Connection c, Jdbc.SqlWork<T> work) throws SQLException {
        Jdbc.withAutoCommit(c, true, x -> {
            Jdbc.execute(x, sql.createMigrationLockTable);
            if (Jdbc.queryOne(x, sql.findMigrationLockRow, Jdbc.NONE, rs -> true)
                    .isEmpty()) {
                try {
                    Jdbc.execute(x, sql.insertMigrationLockRow);
                } catch (SQLException e) {
                    // Another instance inserted the row meanwhile, and may hold it already: either way it is
                    // there, and acquire() waits for it.
                    if (!SqlFailure.isUniqueViolation(e) && !isLockTimeout(e)) {
                        throw e;
                    }
                }
            }
            return null;
        });
        try (Connection holder = dataSource.getConnection()) {
            return Jdbc.withAutoCommit(holder, false, h -> {
                try {
                    acquire(h);
                    return Jdbc.withAutoCommit(c, true, work);
                } finally {
                    h.rollback();
                }
            });
        }
    }

    private void acquire(Connection holder) throws SQLException {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            try {
                Jdbc.queryOne(holder, sql.lockMigration, Jdbc.NONE, rs -> true);
                return;
            } catch (SQLException e) {
                if (!isLockTimeout(e)) {
                    throw e;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new StorageException("Another instance has been migrating the connections tables for too"
                            + " long; try again later.");
                }
            }
        }
    }

    private static boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == LOCK_TIMEOUT;
    }
}
