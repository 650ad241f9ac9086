package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * MariaDB's and MySQL's migration lock: a named lock ({@code GET_LOCK}) of the session, waited for by the server.
 * MariaDB commits each DDL statement by itself; the lock keeps other instances out meanwhile.
 */
final class NamedMigrationLock implements MigrationLock {
    private final MariaDbSql sql;
    private final String name;

    NamedMigrationLock(MariaDbSql sql) {
        this.sql = sql;
        this.name = SqlStatements.migrationLockName(sql.tables);
    }

    @Override
    public <T> T whileHeld(DataSource dataSource, Connection c, Jdbc.SqlWork<T> work) throws SQLException {
        boolean locked = Jdbc.queryOne(
                        c,
                        sql.getLock,
                        p -> {
                            p.setString(1, name);
                            p.setLong(2, WAIT.toSeconds());
                        },
                        rs -> rs.getInt(1) == 1)
                .orElse(false);
        if (!locked) {
            throw new StorageException(
                    "Another instance has been migrating the connections tables for too long; try again later.");
        }
        try {
            return Jdbc.withAutoCommit(c, true, work);
        } finally {
            Jdbc.execute(c, sql.releaseLock, p -> p.setString(1, name));
        }
    }
}
