package dev.connections.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.jdbc.JdbcConnections;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Where the PostgreSQL benchmarks find their database, and the pool and tables each trial works on. */
final class PostgresSetup {
    private PostgresSetup() {}

    /** The JDBC URL from the environment, or null when PostgreSQL benchmarks should not run. */
    static @Nullable String url() {
        String url = System.getenv("CONNECTIONS_BENCH_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            url = System.getenv("CONNECTIONS_TEST_POSTGRES_URL");
        }
        return url == null || url.isBlank() ? null : url;
    }

    /** A HikariCP pool of 4 over the benchmark database. */
    static HikariDataSource pool(String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(url(), "no PostgreSQL URL"));
        config.setMaximumPoolSize(4);
        config.setPoolName(name);
        return new HikariDataSource(config);
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
