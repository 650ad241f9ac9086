package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * How a database keeps instances that start together from applying the same schema script twice: {@link
 * JdbcSchema#migrate()} runs its pending scripts while holding this lock.
 */
interface MigrationLock {
    /** How long a migration waits for another instance's migration lock. */
    Duration WAIT = Duration.ofMinutes(5);

    /**
     * Runs {@code work} (the pending scripts) on {@code c} while holding the lock; {@code dataSource} is where
     * {@code c} came from, for a lock that needs a connection of its own.
     */
    <T> T whileHeld(DataSource dataSource, Connection c, Jdbc.SqlWork<T> work) throws SQLException;
}
