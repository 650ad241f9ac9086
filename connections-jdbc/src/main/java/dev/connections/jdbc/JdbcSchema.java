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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the adapter's tables from the versioned scripts under {@code db/connections/<dialect>/}
 * and records applied versions in the {@code schema_version} table.
 *
 * <p>Safe when several host instances start at once: the migration runs under the database's migration lock
 * (a PostgreSQL advisory lock, a MariaDB {@code GET_LOCK}, or a lease on a lock row on H2), which the
 * dialect's statements class takes and releases. Hosts that use Flyway instead point it at the same scripts
 * with the placeholder {@code prefix} (see docs/JDBC.md) and never call {@link #migrate()}.
 */
public final class JdbcSchema {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);

    /** The scripts in order: version and description, as in the file name {@code V<version>__<description>.sql}. */
    private static final List<Migration> MIGRATIONS =
            List.of(new Migration(1, "connections"), new Migration(2, "connection_status"));

    private final JdbcContext ctx;

    JdbcSchema(JdbcContext ctx) {
        this.ctx = ctx;
    }

    /** One versioned script. */
    private record Migration(int version, String description) {
        String fileName() {
            return "V" + version + "__" + description + ".sql";
        }
    }

    /** The newest schema version this library knows. */
    public int latestVersion() {
        return MIGRATIONS.get(MIGRATIONS.size() - 1).version();
    }

    /** The schema version recorded in the database, 0 when nothing has been applied. */
    public int currentVersion() {
        try (Connection c = ctx.dataSource.getConnection()) {
            if (!versionTableExists(c)) {
                return 0;
            }
            return applied(c).stream().mapToInt(Integer::intValue).max().orElse(0);
        } catch (SQLException e) {
            throw new StorageException("Could not read the connections schema version.", e);
        }
    }

    private boolean versionTableExists(Connection c) throws SQLException {
        String name = ctx.tables.schemaVersion();
        // Unquoted names are stored upper-case by H2 and lower-case by PostgreSQL; MariaDB keeps them as written.
        for (String candidate : new String[] {name, name.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)}) {
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, candidate, new String[] {"TABLE"})) {
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
        return load(m).replace("${prefix}", ctx.tables.prefix());
    }

    /**
     * Applies every script not yet recorded, each once, in version order.
     *
     * @return how many scripts were applied (0 when the schema is current)
     * @throws StorageException when the database fails or the lock cannot be taken in 5 minutes
     */
    public int migrate() {
        try (Connection c = ctx.dataSource.getConnection()) {
            return ctx.sql.underMigrationLock(c, this::applyPending);
        } catch (SQLException e) {
            throw new StorageException("Could not create or upgrade the connections tables.", e);
        }
    }

    /** Runs under the lock: creates the version table, then every missing script and its version row. */
    private int applyPending(Connection c) throws SQLException {
        JdbcContext.execute(c, ctx.sql.createVersionTable);
        Set<Integer> done = applied(c);
        int count = 0;
        for (Migration m : MIGRATIONS) {
            if (done.contains(m.version())) {
                continue;
            }
            for (String statement : statements(script(m.version()))) {
                JdbcContext.execute(c, statement);
            }
            JdbcContext.update(c, ctx.sql.insertVersion, ps -> {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, Instant.now().toString());
            });
            LOG.info(
                    "Applied connections schema version {} ({}) with prefix '{}'",
                    m.version(),
                    m.description(),
                    ctx.tables.prefix());
            count++;
        }
        return count;
    }

    private Set<Integer> applied(Connection c) throws SQLException {
        return new TreeSet<>(JdbcContext.query(c, ctx.sql.selectVersions, ps -> {}, rs -> rs.getInt(1)));
    }

    private String load(Migration m) {
        String path = ctx.dialect.scriptLocation() + "/" + m.fileName();
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
        return "JdbcSchema[" + ctx.dialect + ", prefix=" + ctx.tables.prefix() + "]";
    }
}
