package dev.connections.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the tests run on, the one place that lists them: H2 always; PostgreSQL and MariaDB when their URL
 * variable is set (skipped with a how-to otherwise, failed when {@code CI=true}). Test classes annotated {@link
 * AcrossDatabases} run once per entry. One pool per database per test JVM; every test gets its own random table
 * prefix and drops its tables afterwards.
 */
public enum TestDatabase {
    H2(JdbcDialect.H2, null, "jdbc:h2:mem:connections-tests;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000") {
        /** Embedded: there is no server session to end. */
        @Override
        boolean killSession(Connection victim) {
            return false;
        }

        @Override
        String createSchema(String name) {
            return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        }

        @Override
        void dropSchema(String name) throws SQLException {
            try (Connection c = DriverManager.getConnection("jdbc:h2:mem:" + name);
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    },
    POSTGRESQL(
            JdbcDialect.POSTGRESQL,
            "CONNECTIONS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres") {
        /** pg_terminate_backend from another session. */
        @Override
        boolean killSession(Connection victim) throws SQLException {
            int pid;
            try (Statement s = victim.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (Connection other = dataSource().getConnection();
                    PreparedStatement ps = other.prepareStatement("SELECT pg_terminate_backend(?, 5000)")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getBoolean(1);
                }
            }
        }

        /** A schema, made the connections' {@code currentSchema}. */
        @Override
        String createSchema(String name) throws SQLException {
            admin("CREATE SCHEMA " + name);
            String url = System.getenv(variable);
            return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
        }

        @Override
        void dropSchema(String name) throws SQLException {
            admin("DROP SCHEMA " + name + " CASCADE");
        }
    },
    MARIADB(
            JdbcDialect.MARIADB,
            "CONNECTIONS_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=") {
        /** KILL from another session. */
        @Override
        boolean killSession(Connection victim) throws SQLException {
            long id;
            try (Statement s = victim.createStatement();
                    ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
                rs.next();
                id = rs.getLong(1);
            }
            admin("KILL " + id);
            return true;
        }

        /** A database (MariaDB's schemas are databases) on the same server, with the same credentials. */
        @Override
        String createSchema(String name) throws SQLException {
            admin("CREATE DATABASE " + name);
            return System.getenv(variable).replaceFirst("(//[^/]+/)[^?]*", "$1" + name);
        }

        @Override
        void dropSchema(String name) throws SQLException {
            admin("DROP DATABASE " + name);
        }
    },
    /**
     * The same MariaDB behind a DataSource that refuses compound statements as MySQL does (a syntax error), so the
     * adapter sends each statement on its own. A driver variant; tests that make pools of their own from {@link
     * #url()} get plain MariaDB.
     */
    MARIADB_ONE_BY_ONE(
            JdbcDialect.MARIADB,
            "CONNECTIONS_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=",
            "") {
        @Override
        DataSource wrap(DataSource pool) {
            return WithoutCompoundStatements.wrap(pool);
        }

        @Override
        boolean killSession(Connection victim) throws SQLException {
            return MARIADB.killSession(victim);
        }

        @Override
        String createSchema(String name) throws SQLException {
            return MARIADB.createSchema(name);
        }

        @Override
        void dropSchema(String name) throws SQLException {
            MARIADB.dropSchema(name);
        }
    },
    /** The same MariaDB, the driver told to send several statements in one round trip: a driver variant. */
    MARIADB_MULTI_STATEMENTS(
            JdbcDialect.MARIADB,
            "CONNECTIONS_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=",
            "allowMultiQueries=true") {
        @Override
        boolean killSession(Connection victim) throws SQLException {
            return MARIADB.killSession(victim);
        }

        @Override
        String createSchema(String name) throws SQLException {
            return MARIADB.createSchema(name);
        }

        @Override
        void dropSchema(String name) throws SQLException {
            MARIADB.dropSchema(name);
        }
    };

    /** Every entry, driver variants included: the matrix of {@link AcrossDatabases.AndDrivers}. */
    static Stream<TestDatabase> all() {
        return Arrays.stream(values());
    }

    /** One entry per database, without driver variants: the matrix of {@link AcrossDatabases}. */
    static Stream<TestDatabase> databases() {
        return all().filter(database -> database.option == null);
    }

    /** The database servers of {@link #databases()}, without embedded H2: the matrix of {@link AcrossDatabases.Servers}. */
    static Stream<TestDatabase> servers() {
        return databases().filter(database -> database.variable != null);
    }

    /** The servers of {@link #all()}: the matrix of {@link AcrossDatabases.ServersAndDrivers}. */
    static Stream<TestDatabase> serversAndDrivers() {
        return all().filter(database -> database.variable != null);
    }

    private final JdbcDialect dialect;
    final @Nullable String variable;
    private final String example;
    private final @Nullable String option;
    private HikariDataSource pool;
    private DataSource wrapped;

    TestDatabase(JdbcDialect dialect, String variable, String example) {
        this(dialect, variable, example, null);
    }

    TestDatabase(JdbcDialect dialect, String variable, String example, @Nullable String option) {
        this.dialect = dialect;
        this.variable = variable;
        this.example = example;
        this.option = option;
    }

    /** The pooled DataSource, or a skipped (or, under CI=true, failed) test when the database is not configured. */
    synchronized DataSource dataSource() {
        if (pool == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url());
            config.setMaximumPoolSize(16);
            config.setPoolName("connections-tests-" + name().toLowerCase(Locale.ROOT));
            pool = new HikariDataSource(config);
            wrapped = wrap(pool);
        }
        return wrapped;
    }

    /** What the tests get instead of the pool; the pool itself unless a variant changes how it answers. */
    DataSource wrap(DataSource pool) {
        return pool;
    }

    /**
     * The JDBC URL, for a test that makes pools of its own (one per simulated host instance); a skipped (or, under
     * CI=true, failed) test when the database is not configured.
     */
    public String url() {
        String reason = unavailableReason();
        if (reason != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + reason);
            }
            Assumptions.assumeTrue(false, reason);
        }
        String url = variable == null ? example : System.getenv(variable);
        return option == null || option.isEmpty() ? url : url + (url.contains("?") ? "&" : "?") + option;
    }

    /** Ends the session of {@code victim} on the server; false when the database cannot (embedded H2). */
    abstract boolean killSession(Connection victim) throws SQLException;

    /** Creates an empty schema of its own and returns a JDBC URL whose connections use it by default. */
    abstract String createSchema(String name) throws SQLException;

    /** Drops what {@link #createSchema} made. */
    abstract void dropSchema(String name) throws SQLException;

    /** Runs one administrative statement on the shared test pool. */
    void admin(String sql) throws SQLException {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The dialect the adapter should detect on this database. */
    JdbcDialect dialect() {
        return dialect;
    }

    /** Why this database cannot be used here, or null when it can. */
    @Nullable
    String unavailableReason() {
        if (variable == null) {
            return null;
        }
        String url = System.getenv(variable);
        if (url != null && !url.isBlank()) {
            return null;
        }
        return name() + " tests are skipped: set " + variable + " to a JDBC URL with credentials, e.g. " + variable
                + "='" + example + "' (see docs/JDBC.md), or run .ci/run";
    }

    /**
     * {@code instant} as a writer that bypasses the library binds it to this database's timestamp columns: with
     * its zone, or as UTC wall-clock time where the column has none (MariaDB's DATETIME).
     */
    Object timestamp(Instant instant) {
        return dialect == JdbcDialect.MARIADB
                ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A random prefix, so concurrent runs and tests never share tables. */
    static String randomPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    /** A migrated adapter on fresh tables. */
    JdbcConnections fresh() {
        return fresh(dataSource());
    }

    JdbcConnections fresh(DataSource dataSource) {
        JdbcConnections jdbc =
                JdbcConnections.builder(dataSource).tablePrefix(randomPrefix()).build();
        jdbc.schema().migrate();
        return jdbc;
    }

    /** Drops every table of the adapter's prefix; nothing when the test was skipped before creating any. */
    void drop(@Nullable JdbcConnections jdbc) {
        if (jdbc == null) {
            return;
        }
        List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
        tables.add(jdbc.tables().schemaVersion());
        tables.add(jdbc.tables().schemaLock());
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test tables", e);
        }
    }
}
