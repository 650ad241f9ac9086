package dev.connections.jdbc.feed;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.jdbc.JdbcConnections;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/** Databases for the feed tests: URLs from the environment, a pool per simulated host instance. */
final class FeedDatabases {
    static final String POSTGRES = "CONNECTIONS_TEST_POSTGRES_URL";
    static final String MARIADB = "CONNECTIONS_TEST_MARIADB_URL";

    private FeedDatabases() {}

    /** The URL in {@code variable}; skips the test when unset, fails it when {@code CI=true}. */
    static String urlFrom(String variable, String example) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            String message = "Skipped: set " + variable + " to a JDBC URL to run this test, e.g. " + variable + "='"
                    + example + "'";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + variable + " is not set. " + message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return url;
    }

    /** A small pool of its own, as each host instance would have. */
    static HikariDataSource pool(String url, String name) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setPoolName(name);
        return new HikariDataSource(config);
    }

    /** A random table prefix, so runs and tests never share tables or channels. */
    static String randomPrefix() {
        return "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    static void drop(HikariDataSource pool, JdbcConnections jdbc) {
        List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
        tables.add(jdbc.tables().schemaVersion());
        tables.add(jdbc.tables().schemaLock());
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            for (String table : tables) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not drop test tables", e);
        }
    }

    /** Waits until {@code condition} holds, checking at once and then every 5 ms; fails after {@code deadline}. */
    static void awaitTrue(Duration deadline, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(deadline)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
