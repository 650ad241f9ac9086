package dev.connections.jdbc;

import org.jspecify.annotations.Nullable;

/**
 * Every SQL statement of the JDBC adapter for one database and one table prefix, built once (ShedLock's statement
 * sources, Spring Session's prepared statements). Strings only: the repository, secret store, key-usage counter,
 * status store, schema and change log bind parameters and read rows; the dialect's strategies ({@link AppLock},
 * {@link MigrationLock}) run the statements that take locks.
 *
 * <p>The statements every database shares are here; a subclass per database ({@link PostgresSql}, {@link
 * MariaDbSql}, {@link H2Sql}) passes up the few it writes differently and adds the ones only it has. Templates
 * name tables as the schema scripts do, {@code ${prefix}connections}.
 */
abstract class SqlStatements {
    /**
     * READ COMMITTED for the current transaction only (PostgreSQL) or the next one (MariaDB/MySQL), so nothing is
     * restored afterwards: a unit of work must see what the previous holder of the app lock committed.
     */
    static final String READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    private static final String COLUMNS =
            "c.workspace, c.id, c.integration, c.name, c.secret_ref, c.key_hint, c.is_default, c.settings,"
                    + " c.created_at, c.updated_at, c.version, c.grant_type, c.access_token_expires_at,"
                    + " c.granted_scopes, c.grant_status";

    private static final String STATE_COLUMNS =
            "state_hash, workspace, integration, actor, connection_id, reconnect, name, redirect_uri, verifier_ref,"
                    + " verifier_format, verifier_key_id, verifier_sealed, created_at, expires_at";

    final JdbcTables tables;

    // ---- connections and custom apps ----
    final String nameIndex;
    final String defaultIndex;
    final String findConnection;
    final String listConnections;
    final String listConnectionsForUpdate;
    final String findDefault;
    final String resolveDefault;
    final String countByIntegration;
    final String insertConnection;
    final String updateConnection;
    final String deleteConnection;
    final String findCustomApp;
    final String listCustomApps;
    final String insertCustomApp;

    // ---- secrets ----
    final String insertSecret;
    final String findSecret;
    final String replaceSecret;
    final String deleteSecret;
    final String scanSecrets;
    final String scanSecretsAfter;
    final String countSecrets;

    // ---- key usage ----
    final String addKeyUsage;
    final String insertKeyUsage;
    final String findKeyUsage;

    // ---- change log ----
    final String insertChange;
    final String latestChange;
    final String changesAfter;
    final String pruneChanges;

    // ---- connection status ----
    final String statuses;
    final String upsertVerification;
    final String clearVerification;
    final String upsertUse;
    final String forgetStatus;

    // ---- OAuth 2.0 authorization states (keyed by state hash across workspaces: the callback knows no more) ----
    final String insertAuthorizationState;
    final String findAuthorizationStateForUpdate;
    final String deleteAuthorizationState;
    /** Removes a state and returns its row in one statement; null where the database cannot (then: FOR UPDATE, DELETE). */
    final @Nullable String takeAuthorizationState;

    final String purgeAuthorizationStates;

    // ---- schema ----
    final String createVersionTable;
    final String insertVersion;
    final String selectVersions;

    /**
     * @param isDefault the condition selecting default rows of {@code c}, written so the one-default index serves it
     * @param upsertVerification inserts or replaces a connection's last check, keeping its last use; parameters:
     *     workspace, connection id, verified_at, verification, verification_reason, verification_http
     * @param upsertUse inserts a connection's last use or moves it later, never earlier (instances write out of
     *     order); parameters: workspace, connection id, last_used_at
     * @param deleteReturning whether the database deletes a row and returns it in one statement ({@code DELETE …
     *     RETURNING}), which takes an authorization state in one round trip
     */
    SqlStatements(
            JdbcTables tables, String isDefault, String upsertVerification, String upsertUse, boolean deleteReturning) {
        this.tables = tables;
        nameIndex = tables.prefix() + "connections_name_uq";
        defaultIndex = tables.prefix() + "connections_default_uq";

        findConnection = sql(
                tables,
                "SELECT " + COLUMNS
                        + """
                 FROM ${prefix}connections c
                WHERE c.workspace = ? AND c.id = ?""");
        listConnections = sql(
                tables,
                "SELECT " + COLUMNS
                        + """
                 FROM ${prefix}connections c
                WHERE c.workspace = ? AND c.integration = ?""");
        listConnectionsForUpdate = listConnections + " FOR UPDATE";
        findDefault = sql(
                tables,
                "SELECT " + COLUMNS
                        + """
                 FROM ${prefix}connections c
                WHERE c.workspace = ? AND c.integration = ? AND\s"""
                        + isDefault);
        resolveDefault = sql(
                tables,
                "SELECT " + COLUMNS
                        + """
                , s.sealed
                FROM ${prefix}connections c
                JOIN ${prefix}secrets s ON s.ref = c.secret_ref AND s.workspace = c.workspace AND s.connection_id = c.id
                WHERE c.workspace = ? AND c.integration = ? AND\s"""
                        + isDefault);
        countByIntegration = sql(
                tables,
                """
                SELECT c.integration, COUNT(*) AS n FROM ${prefix}connections c
                WHERE c.workspace = ? GROUP BY c.integration ORDER BY c.integration""");
        insertConnection = sql(
                tables,
                """
                INSERT INTO ${prefix}connections
                (workspace, id, integration, name, name_key, secret_ref, key_hint, is_default, settings,
                 created_at, updated_at, version, grant_type, access_token_expires_at, granted_scopes, grant_status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
        // name_key NULL keeps the stored key: a row saved under an older fold stays updatable while its name is
        // unchanged, even when another old row now folds alike.
        updateConnection = sql(
                tables,
                """
                UPDATE ${prefix}connections
                SET name = ?, name_key = COALESCE(?, name_key), secret_ref = ?, key_hint = ?, is_default = ?,
                    settings = ?, updated_at = ?, version = ?, grant_type = ?, access_token_expires_at = ?,
                    granted_scopes = ?, grant_status = ?
                WHERE workspace = ? AND id = ? AND version = ?""");
        deleteConnection = sql(tables, "DELETE FROM ${prefix}connections WHERE workspace = ? AND id = ?");
        findCustomApp = sql(tables, "SELECT definition FROM ${prefix}custom_apps WHERE workspace = ? AND id = ?");
        listCustomApps = sql(tables, "SELECT definition FROM ${prefix}custom_apps WHERE workspace = ? ORDER BY id");
        insertCustomApp = sql(
                tables,
                """
                INSERT INTO ${prefix}custom_apps (workspace, id, definition, created_at) VALUES (?, ?, ?, ?)""");

        insertSecret = sql(
                tables,
                """
                INSERT INTO ${prefix}secrets (ref, workspace, connection_id, format, key_id, sealed)
                VALUES (?, ?, ?, ?, ?, ?)""");
        findSecret = sql(tables, "SELECT connection_id, sealed FROM ${prefix}secrets WHERE workspace = ? AND ref = ?");
        // Compare-and-set on the stored bytes: a concurrent edit or rotation is never overwritten.
        replaceSecret = sql(
                tables,
                """
                UPDATE ${prefix}secrets SET format = ?, key_id = ?, sealed = ?
                WHERE workspace = ? AND ref = ? AND connection_id = ? AND sealed = ?""");
        deleteSecret = sql(tables, "DELETE FROM ${prefix}secrets WHERE workspace = ? AND ref = ?");
        // Across workspaces on purpose: this is the key-rotation and audit walk.
        scanSecrets =
                sql(tables, "SELECT workspace, ref, connection_id, sealed FROM ${prefix}secrets ORDER BY ref LIMIT ?");
        scanSecretsAfter = sql(
                tables,
                """
                SELECT workspace, ref, connection_id, sealed FROM ${prefix}secrets
                WHERE ref > ? ORDER BY ref LIMIT ?""");
        countSecrets = sql(tables, "SELECT COUNT(*) FROM ${prefix}secrets");

        addKeyUsage = sql(tables, "UPDATE ${prefix}key_usage SET encryptions = encryptions + ? WHERE key_id = ?");
        insertKeyUsage = sql(tables, "INSERT INTO ${prefix}key_usage (key_id, encryptions) VALUES (?, ?)");
        findKeyUsage = sql(tables, "SELECT encryptions FROM ${prefix}key_usage WHERE key_id = ?");

        insertChange =
                sql(tables, "INSERT INTO ${prefix}change_log (workspace, integration, changed_at) VALUES (?, ?, ?)");
        latestChange = sql(tables, "SELECT MAX(seq) FROM ${prefix}change_log");
        changesAfter =
                sql(tables, "SELECT seq, workspace, integration FROM ${prefix}change_log WHERE seq > ? ORDER BY seq");
        pruneChanges = sql(tables, "DELETE FROM ${prefix}change_log WHERE changed_at < ?");

        statuses = sql(
                tables,
                """
                SELECT connection_id, verified_at, verification, verification_reason, verification_http, last_used_at
                FROM ${prefix}connection_status WHERE workspace = ?""");
        this.upsertVerification = sql(tables, upsertVerification);
        clearVerification = sql(
                tables,
                """
                UPDATE ${prefix}connection_status
                SET verified_at = NULL, verification = NULL, verification_reason = NULL, verification_http = NULL
                WHERE workspace = ? AND connection_id = ?""");
        this.upsertUse = sql(tables, upsertUse);
        forgetStatus = sql(tables, "DELETE FROM ${prefix}connection_status WHERE workspace = ? AND connection_id = ?");

        insertAuthorizationState = sql(
                tables,
                "INSERT INTO ${prefix}authorization_states (" + STATE_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        findAuthorizationStateForUpdate = sql(
                tables,
                "SELECT " + STATE_COLUMNS + " FROM ${prefix}authorization_states WHERE state_hash = ? FOR UPDATE");
        deleteAuthorizationState = sql(tables, "DELETE FROM ${prefix}authorization_states WHERE state_hash = ?");
        takeAuthorizationState = deleteReturning
                ? sql(
                        tables,
                        "DELETE FROM ${prefix}authorization_states WHERE state_hash = ? RETURNING " + STATE_COLUMNS)
                : null;
        purgeAuthorizationStates = sql(tables, "DELETE FROM ${prefix}authorization_states WHERE expires_at < ?");

        createVersionTable = sql(
                tables,
                """
                CREATE TABLE IF NOT EXISTS ${prefix}schema_version
                (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL, installed_at VARCHAR(40) NOT NULL)""");
        insertVersion = sql(
                tables,
                """
                INSERT INTO ${prefix}schema_version (version, description, installed_at) VALUES (?, ?, ?)""");
        selectVersions = sql(tables, "SELECT version FROM ${prefix}schema_version");
    }

    /** {@code template} for the tables under {@code tables}' prefix. */
    static String sql(JdbcTables tables, String template) {
        return template.replace("${prefix}", tables.prefix()).strip();
    }

    /** A name for the migration lock that is distinct per table prefix. */
    static String migrationLockName(JdbcTables tables) {
        return "dev.connections.schema." + tables.prefix();
    }
}
