package dev.connections.jdbc;

/** H2's statements: a boolean default flag, MERGE upserts, a lock row per app and one for migrations. */
final class H2Sql extends SqlStatements {
    private static final String IS_DEFAULT = "c.default_key = TRUE";

    private static final String UPSERT_VERIFICATION =
            """
            MERGE INTO ${prefix}connection_status t USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(36)),
            CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS VARCHAR(16)), CAST(? AS VARCHAR(500)),
            CAST(? AS INTEGER))) AS s(workspace, connection_id, verified_at, verification, reason, http)
            ON t.workspace = s.workspace AND t.connection_id = s.connection_id
            WHEN MATCHED THEN UPDATE SET verified_at = s.verified_at, verification = s.verification,
            verification_reason = s.reason, verification_http = s.http
            WHEN NOT MATCHED THEN INSERT (workspace, connection_id, verified_at, verification,
            verification_reason, verification_http)
            VALUES (s.workspace, s.connection_id, s.verified_at, s.verification, s.reason, s.http)""";

    private static final String UPSERT_USE =
            """
            MERGE INTO ${prefix}connection_status t USING (VALUES (CAST(? AS VARCHAR(128)), CAST(? AS VARCHAR(36)),
            CAST(? AS TIMESTAMP WITH TIME ZONE))) AS s(workspace, connection_id, used_at)
            ON t.workspace = s.workspace AND t.connection_id = s.connection_id
            WHEN MATCHED AND (t.last_used_at IS NULL OR t.last_used_at < s.used_at)
            THEN UPDATE SET last_used_at = s.used_at
            WHEN NOT MATCHED THEN INSERT (workspace, connection_id, last_used_at)
            VALUES (s.workspace, s.connection_id, s.used_at)""";

    /** The app's lock row FOR UPDATE; parameters: workspace, app. */
    final String lockApp;

    /** The app's lock row on its first use; parameters: workspace, app. */
    final String insertAppLock;

    /** The migration lock's table; its lease columns are those of earlier versions, kept for their databases. */
    final String createMigrationLockTable;

    /** Whether the migration lock's row is there, read without waiting for whoever holds it. */
    final String findMigrationLockRow;

    final String insertMigrationLockRow;

    /** The migration lock: its one row, FOR UPDATE. */
    final String lockMigration;

    H2Sql(JdbcTables tables) {
        super(tables, IS_DEFAULT, UPSERT_VERIFICATION, UPSERT_USE, false);
        lockApp = sql(
                tables,
                """
                SELECT workspace FROM ${prefix}app_locks WHERE workspace = ? AND integration = ? FOR UPDATE""");
        insertAppLock = sql(tables, "INSERT INTO ${prefix}app_locks (workspace, integration) VALUES (?, ?)");
        createMigrationLockTable = sql(
                tables,
                """
                CREATE TABLE IF NOT EXISTS ${prefix}schema_lock
                (id INT NOT NULL PRIMARY KEY, locked_by VARCHAR(64), locked_at BIGINT)""");
        findMigrationLockRow = sql(tables, "SELECT id FROM ${prefix}schema_lock WHERE id = 1");
        insertMigrationLockRow = sql(tables, "INSERT INTO ${prefix}schema_lock (id) VALUES (1)");
        lockMigration = sql(tables, "SELECT id FROM ${prefix}schema_lock WHERE id = 1 FOR UPDATE");
    }
}
