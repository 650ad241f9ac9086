package dev.connections.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The three databases the tests run on: H2 always; PostgreSQL and MariaDB when their URL variable is set
 * (skipped with a how-to otherwise, failed when {@code CI=true}). One pool per database per test JVM; every
 * test gets its own random table prefix and drops its tables afterwards.
 */
enum TestDatabase {
    H2(JdbcDialect.H2, null, "jdbc:h2:mem:connections-tests;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000"),
    POSTGRESQL(
            JdbcDialect.POSTGRESQL,
            "CONNECTIONS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
    MARIADB(
            JdbcDialect.MARIADB,
            "CONNECTIONS_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password="),
    /** The same MariaDB, the driver told to send several statements in one round trip. */
    MARIADB_MULTI_STATEMENTS(
            JdbcDialect.MARIADB,
            "CONNECTIONS_TEST_MARIADB_URL",
            "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=",
            "allowMultiQueries=true");

    private final JdbcDialect dialect;
    private final String variable;
    private final String example;
    private final @Nullable String option;
    private HikariDataSource pool;

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
            String reason = unavailableReason();
            if (reason != null) {
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    fail("CI=true but " + reason);
                }
                Assumptions.assumeTrue(false, reason);
            }
            String url = variable == null ? example : System.getenv(variable);
            if (option != null) {
                url += (url.contains("?") ? "&" : "?") + option;
            }
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(16);
            config.setPoolName("connections-tests-" + name().toLowerCase(Locale.ROOT));
            pool = new HikariDataSource(config);
        }
        return pool;
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
