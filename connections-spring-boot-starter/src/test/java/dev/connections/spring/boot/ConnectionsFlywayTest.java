package dev.connections.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.connections.Connections;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import dev.connections.spring.boot.ConnectionsJdbcConfiguration.SchemaInitializer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code connections.jdbc.initialize-schema=flyway} beside the host's own Flyway (Spring Boot's auto-configuration,
 * migrations of its own in the same schema): neither needs code nor a baseline setting from the host. On H2, and on
 * PostgreSQL when CONNECTIONS_TEST_POSTGRES_URL is set (failed under CI=true).
 */
class ConnectionsFlywayTest {
    private static final String POSTGRES = "CONNECTIONS_TEST_POSTGRES_URL";
    private final String prefix =
            "fw" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    private final List<Runnable> cleanups = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanups.forEach(Runnable::run);
    }

    @Test
    void onH2TheHostsFlywayAndTheLibrarysScriptsEachKeepTheirHistory() throws SQLException {
        assertBothMigrate("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void onPostgresTheHostsFlywayAndTheLibrarysScriptsEachKeepTheirHistory() throws SQLException {
        String url = System.getenv(POSTGRES);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + POSTGRES + " is not set");
            }
            Assumptions.assumeTrue(false, "PostgreSQL tests are skipped: set " + POSTGRES + " (see docs/JDBC.md)");
        }
        String schema = "sbfw_" + prefix;
        execute(url, "CREATE SCHEMA " + schema);
        cleanups.add(() -> execute(url, "DROP SCHEMA " + schema + " CASCADE"));
        assertBothMigrate(url + "&currentSchema=" + schema);
    }

    @Test
    void tablesCreatedEarlierByTheLibraryAreTakenOverAtTheirVersion() throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        runner(url)
                .withPropertyValues("connections.jdbc.initialize-schema=always")
                .run(context -> assertThat(context).hasNotFailed());
        runner(url)
                .withPropertyValues("connections.jdbc.initialize-schema=flyway")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SchemaInitializer.class).applied())
                            .isZero();
                    assertThat(historyVersions(url, "BASELINE")).containsExactly("3");
                    assertThat(historyVersions(url, "SQL")).isEmpty();
                    assertAddsAndResolves(context.getBean(Connections.class));
                });
    }

    private void assertBothMigrate(String url) throws SQLException {
        ApplicationContextRunner withFlyway = runner(url)
                .withConfiguration(AutoConfigurations.of(FlywayAutoConfiguration.class))
                .withPropertyValues(
                        "spring.flyway.locations=classpath:db/host-migration",
                        "connections.jdbc.initialize-schema=flyway",
                        "connections.change-feed=none");
        withFlyway.run(context -> {
            assertThat(context).hasNotFailed();
            JdbcConnections jdbc = context.getBean(JdbcConnections.class);
            assertThat(jdbc.schema().currentVersion()).isEqualTo(jdbc.schema().latestVersion());
            assertThat(context.getBean(SchemaInitializer.class).applied())
                    .isEqualTo(jdbc.schema().latestVersion());
            assertThat(count(url, "SELECT COUNT(*) FROM host_orders")).isZero();
            assertAddsAndResolves(context.getBean(Connections.class));
        });
        assertThat(historyVersions(url, "SQL")).containsExactly("1", "2", "3");
        // A restart: both histories are current, nothing runs again.
        withFlyway.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(SchemaInitializer.class).applied()).isZero();
        });
    }

    private ApplicationContextRunner runner(String url) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, ConnectionsAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "connections.jdbc.table-prefix=" + prefix,
                        "connections.keys.text=" + TestKeys.text("k1"));
    }

    /** The versions of one type (SQL: a script it ran, BASELINE) in the library's own Flyway history table. */
    private List<String> historyVersions(String url, String type) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT \"version\" FROM \"" + prefix + FlywaySchema.HISTORY_TABLE_SUFFIX
                        + "\" WHERE \"success\" AND \"type\" = '" + type + "' ORDER BY \"installed_rank\"")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        }
        return versions;
    }

    private static int count(String url, String sql) throws SQLException {
        try (Connection c = connect(url);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void execute(String url, String sql) {
        try (Connection c = connect(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Spring Boot connects to H2 as sa; the PostgreSQL URL carries its user. */
    private static Connection connect(String url) throws SQLException {
        return url.startsWith("jdbc:h2:")
                ? DriverManager.getConnection(url, "sa", "")
                : DriverManager.getConnection(url);
    }

    private static void assertAddsAndResolves(Connections connections) {
        WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
        IntegrationId openai = IntegrationId.of("openai");
        connections.addConnection(ws, openai, "Main", Secret.of("sk-flyway-test-key-0123456789"));
        assertThat(connections.resolveDefault(ws, openai).withKey(Secret::reveal))
                .isEqualTo("sk-flyway-test-key-0123456789");
    }
}
