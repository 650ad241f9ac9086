package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether one prepared statement may carry several statements separated by {@code ;}, sent in one round trip
 * ({@link PendingWrites}, the app lock's read).
 */
@FunctionalInterface
interface MultiStatements {
    /** The driver always does (pgjdbc). */
    MultiStatements ALWAYS = c -> true;

    /** The driver never does, or the adapter does not ask it to (H2). */
    MultiStatements NEVER = c -> false;

    /** Whether the driver behind {@code c} sends several statements at once. */
    boolean supported(Connection c) throws SQLException;
}
