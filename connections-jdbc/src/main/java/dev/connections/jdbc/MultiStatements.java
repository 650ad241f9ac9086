package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Whether one prepared statement may carry several statements separated by {@code ;}, sent in one round trip
 * ({@link PendingWrites}, the app lock's read).
 */
@FunctionalInterface
interface MultiStatements {
    /**
     * The driver always does, and a transaction's COMMIT may travel with its last writes (pgjdbc: its {@code
     * commit()} sends nothing once the server reports no transaction open).
     */
    MultiStatements ALWAYS = new MultiStatements() {
        @Override
        public boolean supported(Connection c) {
            return true;
        }

        @Override
        public boolean carriesCommit() {
            return true;
        }
    };

    /** The driver never does, or the adapter does not ask it to (H2). */
    MultiStatements NEVER = c -> false;

    /** Whether the driver behind {@code c} sends several statements at once. */
    boolean supported(Connection c) throws SQLException;

    /**
     * Whether a transaction's COMMIT may be sent as the last of its held-back writes, saving the COMMIT's own round
     * trip: only where the driver then knows the transaction ended without being told.
     */
    default boolean carriesCommit() {
        return false;
    }
}
