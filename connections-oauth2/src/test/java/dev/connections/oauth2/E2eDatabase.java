package dev.connections.oauth2;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.jdbc.JdbcConnections;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases the end-to-end tests store connections in: H2 always; PostgreSQL and MariaDB when their URL
 * variable is set (skipped with a how-to otherwise, failed when {@code CI=true}). Each {@link #open} makes a pool
 * of its own and tables under a random prefix, and {@link Storage#close} drops exactly those tables.
 */
enum E2eDatabase {
    H2(null, null),
    POSTGRESQL("CONNECTIONS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"),
    MARIADB("CONNECTIONS_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");

    private final @Nullable String variable;
    private final @Nullable String example;

    E2eDatabase(@Nullable String variable, @Nullable String example) {
        this.variable = variable;
        this.example = example;
    }

    /** The JDBC URL; a skipped test (a failed one under {@code CI=true}) when the database is not configured. */
    String url() {
        if (variable == null) {
            // One in-memory database per test JVM: every test has its own tables anyway.
            return "jdbc:h2:mem:connections-oauth2-e2e;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        }
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            String reason = name() + " tests are skipped: set " + variable + " to a JDBC URL with credentials, e.g. "
                    + variable + "='" + example + "' (see docs/JDBC.md), or run .ci/run";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + reason);
            }
            Assumptions.assumeTrue(false, reason);
        }
        return url;
    }

    /** Migrated tables under a fresh prefix, on a pool of their own with at most {@code poolSize} connections. */
    Storage open(int poolSize) {
        HikariDataSource pool = pool(poolSize);
        String prefix = "e2e" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
        JdbcConnections jdbc = JdbcConnections.builder(pool).tablePrefix(prefix).build();
        jdbc.schema().migrate();
        return new Storage(this, pool, jdbc);
    }

    /** A pool of its own (another host instance's), with at most {@code size} connections; the caller closes it. */
    HikariDataSource pool(int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url());
        config.setMaximumPoolSize(size);
        config.setPoolName("oauth2-e2e-" + name().toLowerCase(Locale.ROOT));
        return new HikariDataSource(config);
    }

    /**
     * One test's tables and pool.
     *
     * @param database where they live
     * @param pool the pool the tables were made through
     * @param jdbc the adapter over {@code pool}
     */
    record Storage(E2eDatabase database, HikariDataSource pool, JdbcConnections jdbc) implements AutoCloseable {

        /** Another adapter (another host instance) over the same tables, through {@code dataSource}. */
        JdbcConnections sameTables(DataSource dataSource) {
            return JdbcConnections.builder(dataSource)
                    .tablePrefix(jdbc.tables().prefix())
                    .dialect(jdbc.dialect())
                    .build();
        }

        /** Every value of every row of this test's tables, as text; binary columns as UTF-8 and ISO-8859-1. */
        List<String> everyStoredValue() {
            List<String> values = new ArrayList<>();
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                // Every table that can hold data; the schema lock table exists only where no advisory lock does.
                List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
                tables.add(jdbc.tables().schemaVersion());
                for (String table : tables) {
                    try (ResultSet rows = s.executeQuery("SELECT * FROM " + table)) {
                        ResultSetMetaData meta = rows.getMetaData();
                        while (rows.next()) {
                            for (int i = 1; i <= meta.getColumnCount(); i++) {
                                Object value = rows.getObject(i);
                                if (value instanceof byte[] bytes) {
                                    values.add(new String(bytes, StandardCharsets.UTF_8));
                                    values.add(new String(bytes, StandardCharsets.ISO_8859_1));
                                } else if (value != null) {
                                    values.add(String.valueOf(value));
                                    String text = rows.getString(i);
                                    if (text != null) {
                                        values.add(text);
                                    }
                                }
                            }
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not read the test tables", e);
            }
            return values;
        }

        /** How many rows {@code table} (one of {@link #tables()}) holds. */
        int rows(String table) {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getInt(1);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not count " + table, e);
            }
        }

        /** The tables this test may have made: data, schema version and (where used) schema lock. */
        List<String> tables() {
            List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
            tables.add(jdbc.tables().schemaVersion());
            tables.add(jdbc.tables().schemaLock());
            return tables;
        }

        /** Drops this test's tables (and nothing else) and closes the pool. */
        @Override
        public void close() {
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                for (String table : tables()) {
                    s.execute("DROP TABLE IF EXISTS " + table);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Could not drop the test tables", e);
            } finally {
                pool.close();
            }
        }
    }
}
