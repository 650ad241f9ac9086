package dev.connections.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.jdbc.JdbcConnections;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A database the benchmarks run on: where to find it, and the pool and tables each trial works on. */
enum BenchDatabase {
    POSTGRESQL("CONNECTIONS_BENCH_POSTGRES_URL", "CONNECTIONS_TEST_POSTGRES_URL"),
    MARIADB("CONNECTIONS_BENCH_MARIADB_URL", "CONNECTIONS_TEST_MARIADB_URL"),
    /** The same MariaDB, its driver allowed to send several statements in one round trip. */
    MARIADB_MULTI_STATEMENTS("CONNECTIONS_BENCH_MARIADB_URL", "CONNECTIONS_TEST_MARIADB_URL", "allowMultiQueries=true");

    private final String variable;
    private final String fallback;
    private final @Nullable String option;

    BenchDatabase(String variable, String fallback) {
        this(variable, fallback, null);
    }

    BenchDatabase(String variable, String fallback, @Nullable String option) {
        this.variable = variable;
        this.fallback = fallback;
        this.option = option;
    }

    /** The JDBC URL from the environment, or null when this database's benchmarks should not run. */
    @Nullable
    String url() {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            url = System.getenv(fallback);
        }
        if (url == null || url.isBlank()) {
            return null;
        }
        return option == null ? url : url + (url.contains("?") ? "&" : "?") + option;
    }

    /** How to enable this database's benchmarks. */
    String howToEnable() {
        return name().toLowerCase(Locale.ROOT) + " benchmarks skipped: set " + variable + " (or " + fallback
                + ") to a JDBC URL to run them.";
    }

    /** A HikariCP pool of 4 over the benchmark database. */
    HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(url(), "no URL for " + this));
        config.setMaximumPoolSize(4);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** A value for a timestamp column, bound as the JDBC adapter binds it on this database. */
    Object timestamp(Instant instant) {
        // MariaDB's DATETIME has no zone: the adapter stores UTC wall-clock time.
        return this != POSTGRESQL
                ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** The JDBC adapter on freshly created tables under a random prefix starting with {@code stem}. */
    static JdbcConnections freshTables(DataSource pool, String stem) {
        String prefix = stem + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        JdbcConnections jdbc = JdbcConnections.builder(pool).tablePrefix(prefix).build();
        jdbc.schema().migrate();
        return jdbc;
    }

    /** Drops the tables of each adapter. */
    static void drop(DataSource pool, JdbcConnections... adapters) throws SQLException {
        try (java.sql.Connection c = pool.getConnection();
                Statement st = c.createStatement()) {
            for (JdbcConnections jdbc : adapters) {
                for (String table : jdbc.tables().dataTables()) {
                    st.execute("DROP TABLE IF EXISTS " + table);
                }
                st.execute("DROP TABLE IF EXISTS " + jdbc.tables().schemaVersion());
            }
        }
    }
}
