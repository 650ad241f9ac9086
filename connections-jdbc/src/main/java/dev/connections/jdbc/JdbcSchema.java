package dev.connections.jdbc;

import dev.connections.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or upgrades the adapter's tables from the versioned scripts under {@code db/connections/<dialect>/}
 * and records applied versions in the {@code schema_version} table.
 *
 * <p>Safe when several host instances start at once: the migration runs under a PostgreSQL advisory lock, a
 * MariaDB {@code GET_LOCK}, or a lock row on H2. Hosts that use Flyway instead point it at the same scripts
 * with the placeholder {@code prefix} (see docs/JDBC.md) and never call {@link #migrate()}.
 */
public final class JdbcSchema {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcSchema.class);
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);

    /** The scripts in order: version and description, as in the file name {@code V<version>__<description>.sql}. */
    private static final List<Migration> MIGRATIONS = List.of(new Migration(1, "connections"));

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
            return switch (ctx.dialect) {
                case POSTGRESQL -> migratePostgres(c);
                case MARIADB -> migrateMariaDb(c);
                case H2 -> migrateH2(c);
            };
        } catch (SQLException e) {
            throw new StorageException("Could not create or upgrade the connections tables.", e);
        }
    }

    private int migratePostgres(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // Transactional DDL: the lock, the scripts and the version rows commit together.
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                ps.setLong(1, lockKey());
                ps.execute();
            }
            int applied = applyPending(c);
            c.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private int migrateMariaDb(Connection c) throws SQLException {
        String lockName = "dev.connections.schema." + ctx.tables.prefix();
        try (PreparedStatement ps = c.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            ps.setString(1, lockName);
            ps.setLong(2, LOCK_TIMEOUT.toSeconds());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 1) {
                    throw new StorageException("Another instance has been migrating the connections tables for"
                            + " too long; try again later.");
                }
            }
        }
        try {
            // MariaDB commits each DDL statement by itself; the lock keeps other instances out meanwhile.
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try {
                return applyPending(c);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } finally {
            try (PreparedStatement ps = c.prepareStatement("SELECT RELEASE_LOCK(?)")) {
                ps.setString(1, lockName);
                ps.execute();
            }
        }
    }

    private int migrateH2(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        String table = ctx.tables.schemaLock();
        try {
            execute(
                    c,
                    "CREATE TABLE IF NOT EXISTS " + table
                            + " (id INT NOT NULL PRIMARY KEY, locked_by VARCHAR(64), locked_at BIGINT)");
            try {
                execute(c, "INSERT INTO " + table + " (id) VALUES (1)");
            } catch (SQLException e) {
                if (!JdbcDialect.isUniqueViolation(e)) {
                    throw e;
                }
            }
            // H2 commits on DDL, which would release a row lock; so the lock is a lease on the row instead.
            String owner = UUID.randomUUID().toString();
            acquireLease(c, table, owner);
            try {
                return applyPending(c);
            } finally {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE " + table + " SET locked_by = NULL WHERE id = 1 AND locked_by = ?")) {
                    ps.setString(1, owner);
                    ps.executeUpdate();
                }
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void acquireLease(Connection c, String table, String owner) throws SQLException {
        Instant deadline = Instant.now().plus(LOCK_TIMEOUT);
        String sql = "UPDATE " + table
                + " SET locked_by = ?, locked_at = ? WHERE id = 1 AND (locked_by IS NULL OR locked_at < ?)";
        while (true) {
            long now = System.currentTimeMillis();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, owner);
                ps.setLong(2, now);
                // A lease older than the timeout belongs to an instance that died while migrating.
                ps.setLong(3, now - LOCK_TIMEOUT.toMillis());
                if (ps.executeUpdate() == 1) {
                    return;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new StorageException("Another instance has been migrating the connections tables for too"
                        + " long; try again later.");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while waiting for the schema lock", e);
            }
        }
    }

    /** Runs under the lock: creates the version table, then every missing script and its version row. */
    private int applyPending(Connection c) throws SQLException {
        execute(
                c,
                "CREATE TABLE IF NOT EXISTS " + ctx.tables.schemaVersion()
                        + " (version INT NOT NULL PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                        + " installed_at VARCHAR(40) NOT NULL)");
        Set<Integer> done = applied(c);
        int count = 0;
        for (Migration m : MIGRATIONS) {
            if (done.contains(m.version())) {
                continue;
            }
            for (String statement : statements(script(m.version()))) {
                execute(c, statement);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + ctx.tables.schemaVersion()
                    + " (version, description, installed_at) VALUES (?, ?, ?)")) {
                ps.setInt(1, m.version());
                ps.setString(2, m.description());
                ps.setString(3, Instant.now().toString());
                ps.executeUpdate();
            }
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
        Set<Integer> versions = new TreeSet<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + ctx.tables.schemaVersion())) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private long lockKey() {
        // Stable across JVMs (String.hashCode is specified), distinct per table prefix.
        return 0x636f6e6e00000000L ^ ("dev.connections.schema." + ctx.tables.prefix()).hashCode();
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

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public String toString() {
        return "JdbcSchema[" + ctx.dialect + ", prefix=" + ctx.tables.prefix() + "]";
    }
}
