package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The app's storage choices: embedded H2 with a development key by default, a JDBC URL when given. */
class StorageTest {
    private static final WorkspaceId ACME = WorkspaceId.of("acme");
    private static final IntegrationId OPENAI = IntegrationId.of("openai");
    private static final String KEY = "sk-storage-test-000000000042";

    @TempDir
    Path dataDir;

    @Test
    void byDefaultConnectionsLiveInAnEmbeddedH2FileAndSurviveARestart() throws Exception {
        try (Storage storage = Storage.open(Map.of(), dataDir)) {
            assertThat(storage.description()).contains("embedded H2", dataDir.toString());
            storage.connections().addConnection(ACME, OPENAI, "Our main key", Secret.of(KEY));
        }
        assertThat(dataDir.resolve("connections.mv.db")).exists();
        assertThat(dataDir.resolve(Storage.DEVELOPMENT_KEY_FILE)).exists();

        try (Storage restarted = Storage.open(Map.of(), dataDir)) {
            Connections connections = restarted.connections();
            assertThat(connections.connections(ACME, OPENAI)).singleElement().satisfies(c -> assertThat(c.name())
                    .isEqualTo("Our main key"));
            // The development key file was reused, so the stored key still decrypts.
            assertThat(connections.resolveDefault(ACME, OPENAI).withKey(Secret::reveal))
                    .isEqualTo(KEY);
        }
        assertThat(h2Script(dataDir)).isNotEmpty().noneMatch(line -> line.contains(KEY));
    }

    @Test
    void customAppsMustUsePublicHttpsUnlessStartedForDevelopment() {
        try (Storage storage = Storage.open(Map.of(), dataDir)) {
            assertThat(storage.connections().baseUrlPolicy().allowsHttpOnLoopback())
                    .isFalse();
            assertThatThrownBy(() -> addCustom(storage, "http://localhost:9000/api"))
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                            .containsKey("baseUrl"));
            assertThatThrownBy(() -> addCustom(storage, "https://127.0.0.1:9000"))
                    .isInstanceOf(ConnectionValidationException.class);
        }
        try (Storage storage = Storage.open(Map.of(Storage.DEVELOPMENT, "true"), dataDir)) {
            assertThat(storage.connections().baseUrlPolicy().allowsHttpOnLoopback())
                    .isTrue();
            assertThat(addCustom(storage, "http://localhost:9000/api").integration())
                    .isNotNull();
            // Development mode opens loopback only: plain http elsewhere is still refused.
            assertThatThrownBy(() -> addCustom(storage, "http://api.example.com"))
                    .isInstanceOf(ConnectionValidationException.class);
        }
    }

    @Test
    void theDevFlagOrTheVariableTurnsDevelopmentModeOn() {
        assertThat(WebApp.environment(List.of("--dev"), Map.of())).containsEntry(Storage.DEVELOPMENT, "true");
        assertThat(WebApp.environment(List.of(), Map.of(Storage.JDBC_URL, "jdbc:h2:mem:x")))
                .doesNotContainKey(Storage.DEVELOPMENT)
                .containsEntry(Storage.JDBC_URL, "jdbc:h2:mem:x");
        assertThat(Storage.baseUrlPolicy(Map.of(Storage.DEVELOPMENT, "TRUE")).allowsHttpOnLoopback())
                .isTrue();
        assertThat(Storage.baseUrlPolicy(Map.of(Storage.DEVELOPMENT, "yes")).allowsHttpOnLoopback())
                .isFalse();
        assertThat(Storage.baseUrlPolicy(Map.of())).isSameAs(BaseUrlPolicy.defaults());
    }

    private static Connection addCustom(Storage storage, String baseUrl) {
        return storage.connections()
                .addCustomConnection(
                        ACME,
                        CustomConnectionSpec.builder()
                                .appName("Local API " + Math.abs(baseUrl.hashCode()))
                                .baseUrl(baseUrl)
                                .header("Authorization", "Bearer ")
                                .connectionName("Dev")
                                .apiKey(Secret.of("local-key-0001"))
                                .build());
    }

    @Test
    void aJdbcUrlFromTheEnvironmentSelectsThatDatabase() {
        String url = "jdbc:h2:mem:storage-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Storage storage = Storage.open(Map.of(Storage.JDBC_URL, url, Storage.TABLE_PREFIX, "web_"), dataDir)) {
            assertThat(storage.description())
                    .contains("from " + Storage.JDBC_URL)
                    .doesNotContain(url);
            storage.connections().addConnection(ACME, OPENAI, "Main", Secret.of(KEY));
            assertThat(storage.connections().connectedApps(ACME)).hasSize(1);
        }
        assertThat(dataDir.resolve("connections.mv.db")).doesNotExist();
    }

    @Test
    void postgresqlWhenTheTestDatabaseIsConfigured() throws Exception {
        String url = System.getenv("CONNECTIONS_TEST_POSTGRES_URL");
        if (url == null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CONNECTIONS_TEST_POSTGRES_URL must be set on CI");
            }
            Assumptions.abort(
                    "Set CONNECTIONS_TEST_POSTGRES_URL (e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres)"
                            + " to run the app's storage against PostgreSQL");
        }
        String prefix = "web_" + UUID.randomUUID().toString().substring(0, 8) + "_";
        try (Storage storage = Storage.open(Map.of(Storage.JDBC_URL, url, Storage.TABLE_PREFIX, prefix), dataDir)) {
            assertThat(storage.description()).containsIgnoringCase("postgres");
            storage.connections().addConnection(ACME, OPENAI, "Main", Secret.of(KEY));
            assertThat(storage.connections()
                            .resolveDefault(ACME, OPENAI)
                            .connection()
                            .name())
                    .isEqualTo("Main");
        } finally {
            dropTables(url, prefix);
        }
    }

    /** Every statement of an H2 SCRIPT dump: the whole database, data included, as text. */
    private static List<String> h2Script(Path dir) throws Exception {
        List<String> lines = new ArrayList<>();
        try (var c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("connections"));
                ResultSet rs = c.createStatement().executeQuery("SCRIPT")) {
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
        }
        return lines;
    }

    private static void dropTables(String url, String prefix) throws Exception {
        try (var c = DriverManager.getConnection(url)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, prefix + "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            for (String table : tables) {
                c.createStatement().execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        }
    }
}
