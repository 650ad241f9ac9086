package dev.connections.spring.boot;

import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.API_KEY;
import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.connections.Connections;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.jdbc.feed.PostgresChangeFeed;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The starter on a server database: {@code initialize-schema=embedded} leaves it alone, {@code always}
 * migrates it, and {@code change-feed=auto} listens with LISTEN/NOTIFY. Skipped without
 * CONNECTIONS_TEST_POSTGRES_URL (failed under CI=true), as the other real-database tests.
 */
class ConnectionsPostgresTest {
    private static final String VARIABLE = "CONNECTIONS_TEST_POSTGRES_URL";
    private final String prefix =
            "sb" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final List<JdbcConnections> created = new ArrayList<>();
    private String url;
    private ApplicationContextRunner runner;

    @BeforeEach
    void setUp() {
        url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + VARIABLE + " is not set");
            }
            Assumptions.assumeTrue(false, "PostgreSQL tests are skipped: set " + VARIABLE + " (see docs/JDBC.md)");
        }
        runner = new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, ConnectionsAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "connections.jdbc.table-prefix=" + prefix,
                        "connections.keys.text=" + TestKeys.text("k1"));
    }

    @AfterEach
    void dropTables() throws SQLException {
        if (created.isEmpty()) {
            return;
        }
        JdbcConnections jdbc = created.get(0);
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            for (String table : jdbc.tables().dataTables()) {
                s.execute("DROP TABLE IF EXISTS " + table);
            }
            s.execute("DROP TABLE IF EXISTS " + jdbc.tables().schemaVersion());
        }
    }

    @Test
    void embeddedModeLeavesAServerDatabaseAlone() {
        runner.withPropertyValues("connections.change-feed=none").run(context -> {
            JdbcConnections jdbc = context.getBean(JdbcConnections.class);
            created.add(jdbc);
            assertThat(jdbc.schema().currentVersion()).isZero();
        });
    }

    @Test
    void alwaysMigratesAndAutoListensWithNotify() {
        runner.withPropertyValues("connections.jdbc.initialize-schema=always").run(context -> {
            JdbcConnections jdbc = context.getBean(JdbcConnections.class);
            created.add(jdbc);
            assertThat(jdbc.schema().currentVersion()).isEqualTo(jdbc.schema().latestVersion());
            assertThat(context.getBean(ChangeFeed.class)).isInstanceOf(PostgresChangeFeed.class);
            PostgresChangeFeed feed = (PostgresChangeFeed) context.getBean(ChangeFeed.class);
            assertThat(feed.listenerOrigin())
                    .as("the listener opens its own connection")
                    .isEqualTo("pool-url");
            assertThat(feed.awaitListening(java.time.Duration.ofSeconds(10))).isTrue();
            Connections connections = context.getBean(Connections.class);
            WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
            assertThat(connections.resolveDefault(ws, OPENAI).withKey(Secret::reveal))
                    .isEqualTo(API_KEY);
        });
    }
}
