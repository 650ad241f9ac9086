package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * PostgreSQL's migration lock: a transaction-scoped advisory lock, and transactional DDL, so the lock, the scripts
 * and the version rows commit together.
 */
final class AdvisoryMigrationLock implements MigrationLock {
    private final PostgresSql sql;

    /** Stable across JVMs (String.hashCode is specified), distinct per table prefix. */
    private final long key;

    AdvisoryMigrationLock(PostgresSql sql) {
        this.sql = sql;
        this.key = 0x636f6e6e00000000L
                ^ SqlStatements.migrationLockName(sql.tables).hashCode();
    }

    @Override
    public <T> T whileHeld(DataSource dataSource, Connection c, Jdbc.SqlWork<T> work) throws SQLException {
        return Jdbc.withAutoCommit(c, false, tx -> {
            try {
                Jdbc.execute(tx, sql.lockMigration, p -> p.setLong(1, key));
                T result = work.run(tx);
                tx.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            }
        });
    }
}
