package dev.connections.jdbc;

import java.time.Duration;

/** MariaDB's and MySQL's statements: a 0/1 default flag, ON DUPLICATE KEY upserts, GET_LOCK, a lock-row upsert. */
final class MariaDbSql extends SqlStatements {
    private static final String IS_DEFAULT = "c.default_key = 1";

    private static final String UPSERT_VERIFICATION =
            """
            INSERT INTO ${prefix}connection_status
            (workspace, connection_id, verified_at, verification, verification_reason, verification_http)
            VALUES (?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE verified_at = VALUES(verified_at), verification = VALUES(verification),
            verification_reason = VALUES(verification_reason), verification_http = VALUES(verification_http)""";

    /** GREATEST is NULL when either side is: a row without a use yet takes the new one through COALESCE. */
    private static final String UPSERT_USE =
            """
            INSERT INTO ${prefix}connection_status (workspace, connection_id, last_used_at) VALUES (?, ?, ?)
            ON DUPLICATE KEY UPDATE
            last_used_at = GREATEST(COALESCE(last_used_at, VALUES(last_used_at)), VALUES(last_used_at))""";

    /**
     * Takes the app's lock row whether or not it exists yet: on a duplicate key InnoDB puts an exclusive lock on
     * the row it would update, and a concurrent first INSERT makes it wait for that transaction's end. No gap lock
     * under READ COMMITTED, and no S-then-X upgrade that two writers could deadlock on (INSERT IGNORE takes a
     * shared lock). Prefixed with {@code SET STATEMENT innodb_lock_wait_timeout = n FOR} (MariaDB 10.1+) when a
     * lock timeout is set: for this statement only, so a connection the host shares keeps its own setting.
     * Parameters: workspace, app.
     */
    final String lockAppRow;

    /** The lock row and the app's rows FOR UPDATE in one statement; parameters: workspace, app, twice. */
    final String lockAndRead;

    /** The same, READ COMMITTED first: a unit of work's start in one round trip. */
    final String lockAndReadFirst;

    /** Parameters: the lock's name, the seconds to wait. */
    final String getLock = "SELECT GET_LOCK(?, ?)";

    /** Parameter: the lock's name. */
    final String releaseLock = "SELECT RELEASE_LOCK(?)";

    /** Two statements in one: refused as a syntax error unless the driver sends several at once. */
    final String multiStatementProbe = "SELECT 1;\nSELECT 1";

    /**
     * @param lockTimeout bounds the wait for the app's lock row, rounded up to whole seconds (MariaDB counts
     *     so); {@link Duration#ZERO} leaves the server's {@code innodb_lock_wait_timeout} (use it on MySQL, which
     *     has no {@code SET STATEMENT})
     */
    MariaDbSql(JdbcTables tables, Duration lockTimeout) {
        // No DELETE … RETURNING: MariaDB has it, but MySQL, which shares these statements, has not.
        super(tables, IS_DEFAULT, UPSERT_VERIFICATION, UPSERT_USE, false);
        String setLockTimeout = lockTimeout.isZero()
                ? ""
                : "SET STATEMENT innodb_lock_wait_timeout = " + JdbcTimeouts.wholeSeconds(lockTimeout) + " FOR ";
        lockAppRow = setLockTimeout
                + sql(
                        tables,
                        """
                INSERT INTO ${prefix}app_locks (workspace, integration) VALUES (?, ?)
                ON DUPLICATE KEY UPDATE integration = integration""");
        lockAndRead = lockAppRow + ";\n" + listConnectionsForUpdate;
        lockAndReadFirst = READ_COMMITTED + ";\n" + lockAndRead;
    }
}
