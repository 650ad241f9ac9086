package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Every SQL statement of the JDBC adapter for one database and one table prefix, built once in the constructor
 * (ShedLock's statement sources, Spring Session's prepared statements): the repository, secret store, key-usage
 * counter, schema and change log only bind parameters and read rows.
 *
 * <p>What differs between databases lives only in the subclasses: the default-row predicate, timestamp binding,
 * and the lock that serialises schema migrations. Chosen by {@link JdbcDialect#statements(JdbcTables)}.
 */
abstract class SqlStatements {
    /**
     * READ COMMITTED for the current transaction only (PostgreSQL) or the next one (MariaDB/MySQL), so nothing
     * is restored afterwards: a unit of work must see what the previous holder of the app lock committed.
     */
    static final String READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    /** How long a migration waits for another instance's migration lock. */
    static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);

    private static final String COLUMNS =
            "c.workspace, c.id, c.integration, c.name, c.secret_ref, c.key_hint, c.is_default, c.settings,"
                    + " c.created_at, c.updated_at, c.version";

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
    final String lockApp;
    final String insertAppLock;
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

    // ---- schema ----
    final String createVersionTable;
    final String insertVersion;
    final String selectVersions;

    SqlStatements(JdbcTables tables) {
        this.tables = tables;
        String connections = tables.connections();
        String secrets = tables.secrets();
        String customApps = tables.customApps();
        String appLocks = tables.appLocks();
        String keyUsage = tables.keyUsage();
        String changeLog = tables.changeLog();
        String schemaVersion = tables.schemaVersion();

        nameIndex = tables.prefix() + "connections_name_uq";
        defaultIndex = tables.prefix() + "connections_default_uq";
        findConnection = "SELECT " + COLUMNS + " FROM " + connections + " c WHERE c.workspace = ? AND c.id = ?";
        listConnections =
                "SELECT " + COLUMNS + " FROM " + connections + " c WHERE c.workspace = ? AND c.integration = ?";
        listConnectionsForUpdate = listConnections + " FOR UPDATE";
        findDefault = "SELECT " + COLUMNS + " FROM " + connections
                + " c WHERE c.workspace = ? AND c.integration = ? AND " + defaultPredicate("c");
        resolveDefault = "SELECT " + COLUMNS + ", s.sealed FROM " + connections + " c JOIN " + secrets
                + " s ON s.ref = c.secret_ref AND s.workspace = c.workspace"
                + " AND s.connection_id = c.id WHERE c.workspace = ? AND c.integration = ? AND "
                + defaultPredicate("c");
        countByIntegration = "SELECT c.integration, COUNT(*) AS n FROM " + connections
                + " c WHERE c.workspace = ? GROUP BY c.integration ORDER BY c.integration";
        insertConnection = "INSERT INTO " + connections
                + " (workspace, id, integration, name, name_key, secret_ref, key_hint, is_default, settings,"
                + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        // name_key NULL keeps the stored key: a row saved under an older fold stays updatable while its name
        // is unchanged, even when another old row now folds alike.
        updateConnection = "UPDATE " + connections
                + " SET name = ?, name_key = COALESCE(?, name_key), secret_ref = ?, key_hint = ?, is_default = ?, settings = ?,"
                + " updated_at = ?, version = ? WHERE workspace = ? AND id = ? AND version = ?";
        deleteConnection = "DELETE FROM " + connections + " WHERE workspace = ? AND id = ?";
        lockApp = "SELECT workspace FROM " + appLocks + " WHERE workspace = ? AND integration = ? FOR UPDATE";
        insertAppLock = "INSERT INTO " + appLocks + " (workspace, integration) VALUES (?, ?)";
        findCustomApp = "SELECT definition FROM " + customApps + " WHERE workspace = ? AND id = ?";
        listCustomApps = "SELECT definition FROM " + customApps + " WHERE workspace = ? ORDER BY id";
        insertCustomApp = "INSERT INTO " + customApps + " (workspace, id, definition, created_at) VALUES (?, ?, ?, ?)";

        insertSecret = "INSERT INTO " + secrets
                + " (ref, workspace, connection_id, format, key_id, sealed) VALUES (?, ?, ?, ?, ?, ?)";
        findSecret = "SELECT connection_id, sealed FROM " + secrets + " WHERE workspace = ? AND ref = ?";
        // Compare-and-set on the stored bytes: a concurrent edit or rotation is never overwritten.
        replaceSecret = "UPDATE " + secrets
                + " SET format = ?, key_id = ?, sealed = ? WHERE workspace = ? AND ref = ? AND connection_id = ?"
                + " AND sealed = ?";
        deleteSecret = "DELETE FROM " + secrets + " WHERE workspace = ? AND ref = ?";
        // Across workspaces on purpose: this is the key-rotation and audit walk.
        scanSecrets = "SELECT workspace, ref, connection_id, sealed FROM " + secrets + " ORDER BY ref LIMIT ?";
        scanSecretsAfter =
                "SELECT workspace, ref, connection_id, sealed FROM " + secrets + " WHERE ref > ? ORDER BY ref LIMIT ?";
        countSecrets = "SELECT COUNT(*) FROM " + secrets;

        addKeyUsage = "UPDATE " + keyUsage + " SET encryptions = encryptions + ? WHERE key_id = ?";
        insertKeyUsage = "INSERT INTO " + keyUsage + " (key_id, encryptions) VALUES (?, ?)";
        findKeyUsage = "SELECT encryptions FROM " + keyUsage + " WHERE key_id = ?";

        insertChange = "INSERT INTO " + changeLog + " (workspace, integration, changed_at) VALUES (?, ?, ?)";
        latestChange = "SELECT MAX(seq) FROM " + changeLog;
        changesAfter = "SELECT seq, workspace, integration FROM " + changeLog + " WHERE seq > ? ORDER BY seq";
        pruneChanges = "DELETE FROM " + changeLog + " WHERE changed_at < ?";

        String status = tables.connectionStatus();
        statuses = "SELECT connection_id, verified_at, verification, verification_reason, verification_http,"
                + " last_used_at FROM " + status + " WHERE workspace = ?";
        upsertVerification = upsertVerification(status);
        clearVerification = "UPDATE " + status + " SET verified_at = NULL, verification = NULL,"
                + " verification_reason = NULL, verification_http = NULL WHERE workspace = ? AND connection_id = ?";
        upsertUse = upsertUse(status);
        forgetStatus = "DELETE FROM " + status + " WHERE workspace = ? AND connection_id = ?";

        createVersionTable = "CREATE TABLE IF NOT EXISTS " + schemaVersion
                + " (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                + " installed_at VARCHAR(40) NOT NULL)";
        insertVersion = "INSERT INTO " + schemaVersion + " (version, description, installed_at) VALUES (?, ?, ?)";
        selectVersions = "SELECT version FROM " + schemaVersion;
    }

    /**
     * Takes the app's lock row FOR UPDATE (creating it on first use) and reads the app's rows FOR UPDATE, at
     * the start of a unit of work: two statements, plus the lock row's INSERT on the app's first use. A
     * concurrent first use makes that INSERT fail on the primary key; the transaction is then re-run and finds
     * the row.
     *
     * <p>The read follows the lock, never the other way round: only a statement that starts after the lock is
     * held sees what the previous holder committed.
     *
     * @param firstInTransaction whether nothing ran before in this transaction, so that {@link #READ_COMMITTED}
     *     may be set for it when {@link #isolationInTransaction()}
     */
    <T> List<T> lockAndRead(
            Connection c,
            String workspace,
            String integration,
            boolean firstInTransaction,
            JdbcContext.RowMapper<T> rows)
            throws SQLException {
        JdbcContext.Binder app = JdbcContext.strings(workspace, integration);
        if (firstInTransaction && isolationInTransaction()) {
            JdbcContext.execute(c, READ_COMMITTED);
        }
        if (JdbcContext.queryOne(c, lockApp, app, rs -> true).isEmpty()) {
            try {
                JdbcContext.update(c, insertAppLock, app);
            } catch (SQLException e) {
                if (JdbcDialect.isUniqueViolation(e)) {
                    throw new RetryableSqlException(e);
                }
                throw e;
            }
        }
        return JdbcContext.query(c, listConnectionsForUpdate, app, rows);
    }

    /**
     * Bounds how long a write of this adapter waits for an app's lock ({@link JdbcTimeouts#lockTimeout()}), on
     * databases that can bound it without a round trip of its own; called once, before the statements are
     * shared. Nothing by default (H2 has its own {@code LOCK_TIMEOUT}, set in its URL).
     */
    void lockTimeout(JdbcTimeouts timeouts) {}

    /**
     * Runs {@code ps}, several statements in one, and maps the rows of its {@code wanted}-th result set (from
     * 1); every other result (row counts, the lock's row) is read past.
     */
    static <T> List<T> rowsOfResultSet(PreparedStatement ps, int wanted, JdbcContext.RowMapper<T> rows)
            throws SQLException {
        List<T> read = new ArrayList<>();
        boolean isResultSet = ps.execute();
        int resultSets = 0;
        while (isResultSet || ps.getUpdateCount() != -1) {
            if (isResultSet && ++resultSets == wanted) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        read.add(rows.map(rs));
                    }
                }
            }
            isResultSet = ps.getMoreResults();
        }
        return read;
    }

    /**
     * Whether one prepared statement may carry several statements separated by {@code ;}, sent in one round
     * trip ({@link PendingWrites}). False unless a subclass knows, or finds out on {@code c}, that its driver
     * does.
     */
    boolean multiStatements(Connection c) throws SQLException {
        return false;
    }

    /**
     * Whether {@link #lockAndRead} sets {@link #READ_COMMITTED} for its own transaction, so the JDBC isolation
     * level need not be read, set and restored around each transaction (false: H2, whose default it is anyway).
     */
    boolean isolationInTransaction() {
        return false;
    }

    /** SQL condition selecting default rows, written so the one-default index serves it. */
    abstract String defaultPredicate(String alias);

    /**
     * Inserts or replaces a connection's last check, keeping its last use. Parameters: workspace, connection
     * id, verified_at, verification, verification_reason, verification_http.
     */
    abstract String upsertVerification(String statusTable);

    /**
     * Inserts a connection's last use, or moves it later (never earlier: instances write out of order).
     * Parameters: workspace, connection id, last_used_at.
     */
    abstract String upsertUse(String statusTable);

    /**
     * Runs {@code work} (the pending scripts) on {@code c} while holding this database's migration lock, so
     * that instances starting together apply each script once.
     */
    abstract <T> T underMigrationLock(Connection c, JdbcContext.SqlWork<T> work) throws SQLException;

    /** Binds an instant to a timestamp column (TIMESTAMP WITH TIME ZONE unless a subclass says otherwise). */
    void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    /** Reads an instant that {@link #setInstant} wrote. */
    Instant getInstant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        if (value == null) {
            Timestamp ts = rs.getTimestamp(column);
            return ts.toInstant();
        }
        return value.toInstant();
    }

    /** Runs {@code work} with auto-commit switched to {@code on}, restoring the connection's setting after. */
    static <T> T withAutoCommit(Connection c, boolean on, JdbcContext.SqlWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(on);
        try {
            return work.run(c);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** A name for the migration lock that is distinct per table prefix. */
    final String migrationLockName() {
        return "dev.connections.schema." + tables.prefix();
    }
}
