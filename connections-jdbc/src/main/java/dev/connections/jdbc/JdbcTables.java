package dev.connections.jdbc;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The adapter's table names under one prefix (default {@code connections_}), for hosts that grant rights,
 * back up, or poll the change log.
 *
 * @param prefix prepended to every table and index name; letters, digits and underscores
 */
public record JdbcTables(String prefix) {
    private static final Pattern PREFIX = Pattern.compile("([A-Za-z][A-Za-z0-9_]{0,29})?");

    public JdbcTables {
        Objects.requireNonNull(prefix, "prefix");
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "A table prefix is up to 30 letters, digits or underscores and starts with a letter");
        }
    }

    /** Connections: one row per connection, ciphertext elsewhere. */
    public String connections() {
        return prefix + "connections";
    }

    /** Encrypted keys by reference. */
    public String secrets() {
        return prefix + "secrets";
    }

    /** Workspaces' custom apps as JSON definitions. */
    public String customApps() {
        return prefix + "custom_apps";
    }

    /** One row per (workspace, app), locked to serialise writes to that app. */
    public String appLocks() {
        return prefix + "app_locks";
    }

    /** Encryptions counted per data key. */
    public String keyUsage() {
        return prefix + "key_usage";
    }

    /**
     * One row per committed write (seq, workspace, integration, changed_at), for polling change feeds; rows
     * can be deleted once every instance has read them.
     */
    public String changeLog() {
        return prefix + "change_log";
    }

    /** Each connection's last key check and last use (schema version 2). */
    public String connectionStatus() {
        return prefix + "connection_status";
    }

    /**
     * Started OAuth 2.0 authorizations by state hash, until their callback takes them or they expire (schema
     * version 3).
     */
    public String authorizationStates() {
        return prefix + "authorization_states";
    }

    /** Applied schema versions, written by {@link JdbcSchema#migrate()}. */
    public String schemaVersion() {
        return prefix + "schema_version";
    }

    /** H2 only: the row that serialises concurrent {@link JdbcSchema#migrate()} calls. */
    public String schemaLock() {
        return prefix + "schema_lock";
    }

    /** The tables the versioned scripts create. */
    public List<String> dataTables() {
        return List.of(
                connections(),
                secrets(),
                customApps(),
                appLocks(),
                keyUsage(),
                changeLog(),
                connectionStatus(),
                authorizationStates());
    }
}
