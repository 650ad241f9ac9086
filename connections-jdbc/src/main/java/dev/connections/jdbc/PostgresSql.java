package dev.connections.jdbc;

import java.time.Duration;

/** PostgreSQL's statements: a partial-index default predicate, advisory locks, ON CONFLICT upserts. */
final class PostgresSql extends SqlStatements {
    /** Matches the partial index's WHERE clause, so the planner can use it. */
    private static final String IS_DEFAULT = "c.is_default";

    private static final String UPSERT_VERIFICATION =
            """
            INSERT INTO ${prefix}connection_status
            (workspace, connection_id, verified_at, verification, verification_reason, verification_http)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (workspace, connection_id) DO UPDATE SET verified_at = EXCLUDED.verified_at,
            verification = EXCLUDED.verification, verification_reason = EXCLUDED.verification_reason,
            verification_http = EXCLUDED.verification_http""";

    /** GREATEST ignores NULLs in PostgreSQL, so a row without a use yet takes the new one. */
    private static final String UPSERT_USE =
            """
            INSERT INTO ${prefix}connection_status AS t (workspace, connection_id, last_used_at) VALUES (?, ?, ?)
            ON CONFLICT (workspace, connection_id) DO UPDATE
            SET last_used_at = GREATEST(t.last_used_at, EXCLUDED.last_used_at)""";

    /** The app's transaction-scoped advisory lock; parameters: the lock space, the app's number. */
    private static final String LOCK_APP = "SELECT pg_advisory_xact_lock(?, ?)";

    /** The migration's transaction-scoped advisory lock; parameter: the prefix's number. */
    final String lockMigration = "SELECT pg_advisory_xact_lock(?)";

    /**
     * A unit of work's start in one round trip: isolation level, lock timeout (if any), the app's lock, its rows
     * read.
     */
    final String lockAndRead;

    /**
     * The same inside a transaction already running, whose isolation level is not ours to set: under REPEATABLE
     * READ the read would use the transaction's first snapshot, so the rows are locked too, which makes PostgreSQL
     * refuse (and the unit of work be re-run) when one changed after that snapshot.
     */
    final String lockAndReadJoined;

    /**
     * @param lockTimeout bounds the wait for the app's lock with {@code SET LOCAL lock_timeout}: for this
     *     transaction only, so a connection the host shares keeps its own setting; not when joining the host's
     *     transaction ({@link #lockAndReadJoined}), whose settings are the host's. {@link Duration#ZERO}: none.
     */
    PostgresSql(JdbcTables tables, Duration lockTimeout) {
        super(tables, IS_DEFAULT, UPSERT_VERIFICATION, UPSERT_USE, true);
        String setLockTimeout =
                lockTimeout.isZero() ? "" : "SET LOCAL lock_timeout = '" + lockTimeout.toMillis() + "ms';\n";
        lockAndRead = READ_COMMITTED + ";\n" + setLockTimeout + LOCK_APP + ";\n" + listConnections;
        lockAndReadJoined = LOCK_APP + ";\n" + listConnectionsForUpdate;
    }
}
