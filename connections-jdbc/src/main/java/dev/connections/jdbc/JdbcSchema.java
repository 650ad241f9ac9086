package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the adapter's tables from the versioned scripts under {@code db/connections/<dialect>/}
 * and records applied versions in the {@code schema_version} table.
 *
 * <p>Safe when several host instances start at once: the migration runs under the database's migration lock
 * (a PostgreSQL advisory lock, a MariaDB {@code GET_LOCK}, or a lock row held by a connection of its own on H2).
 *
 * <p>A version counts as applied when its row is in {@code schema_version} <em>or</em> every table its script
 * creates is already there, whoever created it: a host's Flyway (pointed at the same scripts, see
 * docs/JDBC.md), a DBA, or this class. So {@link #migrate()} after Flyway applies nothing and writes nothing,
 * and Flyway after {@link #migrate()} only needs a baseline at {@link #currentVersion()}.
 */
public final class JdbcSchema {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

    /** The scripts in order: version and description, as in the file name {@code V<version>__<description>.sql}. */
    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(
                    1,
                    "connections",
                    t -> List.of(
                            t.connections(), t.secrets(), t.customApps(), t.appLocks(), t.keyUsage(), t.changeLog())),
            new Migration(2, "connection_status", t -> List.of(t.connectionStatus())),
            // The script adds the grant columns first and creates this table last, so on a database whose DDL
            // commits at once (MariaDB, H2) the table's presence means the whole version is there.
            new Migration(3, "oauth", t -> List.of(t.authorizationStates())));

    private final JdbcDialect dialect;
    private final DataSource dataSource;
    private final SqlStatements sql;
    private final MigrationLock migrationLock;

    JdbcSchema(JdbcDialect dialect, DialectParts parts, DataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.sql = parts.sql();
        this.migrationLock = parts.migrationLock();
    }

    /**
     * One versioned script.
     *
     * @param creates the tables the script creates: all of them present means the version was applied
     */
    private record Migration(int version, String description, Function<JdbcTables, List<String>> creates) {
        String fileName() {
            return "V" + version + "__" + description + ".sql";
        }
    }

    /** The newest schema version this library knows. */
    public int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /**
     * The newest schema version present in the database, 0 when nothing has been applied: recorded by
     * {@link #migrate()}, or found by its tables when Flyway or a DBA applied it.
     */
    public int currentVersion() {
        try (Connection c = dataSource.getConnection()) {
            return applied(c).stream().mapToInt(Integer::intValue).max().orElse(0);
        } catch (SQLException e) {
            throw new StorageException("Could not read the connections schema version.", e);
        }
    }

    private boolean tableExists(Connection c, String name) throws SQLException {
        // Unquoted names are stored upper-case by H2 and lower-case by PostgreSQL; MariaDB keeps them as written.
        // The connection's own schema only: a same-named table in another PostgreSQL schema is not ours.
        String schema = c.getSchema();
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), schema, candidate, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The SQL of one version for this database with the table prefix filled in, for a DBA to read or apply.
     *
     * @throws IllegalArgumentException for an unknown version
     */
    public String script(int version) {
        Migration m = MIGRATIONS.stream()
                .filter(x -> x.version() == version)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No schema version " + version));
        return load(m).replace("${prefix}", sql.tables.prefix());
    }

    /**
     * Applies every script not yet recorded, each once, in version order.
     *
     * @return how many scripts were applied (0 when the schema is current)
     * @throws StorageException when the database fails or the lock cannot be taken in 5 minutes
     */
    public int migrate() {
        try (Connection c = dataSource.getConnection()) {
            // A current schema needs no lock: on a schema Flyway owns, migrate() then creates nothing at all.
            if (pending(applied(c)).isEmpty()) {
                return 0;
            }
            return migrationLock.whileHeld(dataSource, c, this::applyPending);
        } catch (SQLException e) {
            throw new StorageException("Could not create or upgrade the connections tables.", e);
        }
    }

    /** Runs under the lock: creates the version table, then every missing script and its version row. */
    private int applyPending(Connection c) throws SQLException {
        List<Migration> pending = pending(applied(c));
        if (pending.isEmpty()) {
            return 0; // another instance finished while this one waited for the lock
        }
        Jdbc.execute(c, sql.createVersionTable);
        int count = 0;
        for (Migration m : pending) {
            for (String statement : statements(script(m.version()))) {
                Jdbc.execute(c, statement);
            }
            Jdbc.update(c, sql.insertVersion, p -> {
                p.setInt(1, m.version());
                p.setString(2, m.description());
                p.setString(3, Instant.now().toString());
            });
            LOG.info(
                    "Applied connections schema version {} ({}) with prefix '{}'",
                    m.version(),
                    m.description(),
                    sql.tables.prefix());
            count++;
        }
        return count;
    }

    private static List<Migration> pending(Set<Integer> applied) {
        return MIGRATIONS.stream().filter(m -> !applied.contains(m.version())).toList();
    }

    /** Versions recorded by {@link #migrate()}, plus those whose tables are all there (Flyway, a DBA). */
    private Set<Integer> applied(Connection c) throws SQLException {
        Set<Integer> applied = new TreeSet<>();
        if (tableExists(c, sql.tables.schemaVersion())) {
            applied.addAll(Jdbc.query(c, sql.selectVersions, Jdbc.NONE, rs -> rs.getInt(1)));
        }
        for (Migration m : MIGRATIONS) {
            if (!applied.contains(m.version()) && allExist(c, m.creates().apply(sql.tables))) {
                applied.add(m.version());
            }
        }
        return applied;
    }

    private boolean allExist(Connection c, List<String> tables) throws SQLException {
        for (String table : tables) {
            if (!tableExists(c, table)) {
                return false;
            }
        }
        return true;
    }

    private String load(Migration m) {
        String path = dialect.scriptLocation() + "/" + m.fileName();
        try (InputStream in = JdbcSchema.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Schema script " + path + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Schema script " + path + " could not be read", e);
        }
    }

    /** Splits a script at semicolons that end a line, dropping comment lines; the scripts are written for this. */
    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    @Override
    public String toString() {
        return "JdbcSchema[" + dialect + ", prefix=" + sql.tables.prefix() + "]";
    }
}
