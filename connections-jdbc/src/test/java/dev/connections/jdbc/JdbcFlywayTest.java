package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The shipped scripts under real Flyway, and {@link JdbcSchema} sharing a schema with it in both orders, on a
 * schema of its own that already holds a host table (as a host's database does), made and dropped as {@link
 * TestDatabase#createSchema} says for each database.
 */
@AcrossDatabases
class JdbcFlywayTest implements AcrossDatabases.OnDatabase {
    private static final WorkspaceId WS = WorkspaceId.of("ws-flyway");

    private final String prefix = TestDatabase.randomPrefix();
    private final String schemaName =
            "fw" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private HikariDataSource dataSource;
    private JdbcConnections jdbc;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @BeforeEach
    void setUp() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.createSchema(schemaName));
        config.setMaximumPoolSize(4);
        dataSource = new HikariDataSource(config);
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE host_orders (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)");
        }
        jdbc = JdbcConnections.builder(dataSource).tablePrefix(prefix).build();
    }

    @AfterEach
    void tearDown() throws SQLException {
        if (dataSource != null) {
            dataSource.close();
            database.dropSchema(schemaName);
        }
    }

    /** The configuration docs/JDBC.md shows: own history table, baseline at the version already present. */
    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + jdbc.dialect().scriptLocation())
                .placeholders(Map.of("prefix", prefix))
                .table(prefix + "flyway_history")
                .baselineOnMigrate(true)
                .baselineVersion(String.valueOf(jdbc.schema().currentVersion()))
                .load();
    }

    @Test
    @DisplayName(
            "Flyway applies every script on a schema with other tables; migrate() then sees them and creates nothing")
    void flywayThenMigrate() throws SQLException {
        int latest = jdbc.schema().latestVersion();
        assertThat(flyway().migrate().migrationsExecuted).isEqualTo(latest);

        assertThat(jdbc.schema().currentVersion()).isEqualTo(latest);
        assertThat(jdbc.schema().migrate()).isZero();
        assertThat(tableExists(jdbc.tables().schemaVersion())).isFalse();
        assertThat(tableExists(jdbc.tables().schemaLock())).isFalse();

        Connections connections = JdbcAdapterTest.facade(jdbc);
        connections.addConnection(WS, TestCatalog.ONE, "Main", Secret.of("flyway-first-key-1234"));
        assertThat(connections.resolveDefault(WS, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("flyway-first-key-1234");
        assertThat(flyway().migrate().migrationsExecuted).isZero();
        flyway().validate();
    }

    @Test
    @DisplayName("after migrate(), Flyway baselined at currentVersion() applies nothing and keeps the data")
    void migrateThenFlyway() {
        assertThat(jdbc.schema().migrate()).isEqualTo(jdbc.schema().latestVersion());
        Connections connections = JdbcAdapterTest.facade(jdbc);
        connections.addConnection(WS, TestCatalog.ONE, "Main", Secret.of("library-first-key-1234"));

        Flyway flyway = flyway();
        assertThat(flyway.migrate().migrationsExecuted).isZero();
        assertThat(flyway.info().current().getVersion().getVersion())
                .isEqualTo(String.valueOf(jdbc.schema().latestVersion()));
        assertThat(flyway().migrate().migrationsExecuted).isZero();

        assertThat(jdbc.schema().migrate()).isZero();
        assertThat(connections.resolveDefault(WS, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("library-first-key-1234");
    }

    @Test
    @DisplayName("without a baseline Flyway refuses a schema that holds other tables (why the docs set one)")
    void flywayWithoutBaselineRefusesNonEmptySchema() {
        Flyway bare = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:" + jdbc.dialect().scriptLocation())
                .placeholders(Map.of("prefix", prefix))
                .table(prefix + "flyway_history")
                .load();
        assertThatThrownBy(bare::migrate).isInstanceOf(FlywayException.class).hasMessageContaining("non-empty");
        assertThat(jdbc.schema().currentVersion()).isZero();
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            for (String candidate : new String[] {name, name.toUpperCase(), name.toLowerCase()}) {
                try (var rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), candidate, null)) {
                    if (rs.next()) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
