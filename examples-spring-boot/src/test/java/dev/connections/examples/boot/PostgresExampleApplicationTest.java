package dev.connections.examples.boot;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ExampleApplicationTest} on PostgreSQL (LISTEN/NOTIFY change feed, schema applied by the starter) with
 * tables of its own prefix, dropped afterwards. Runs when CONNECTIONS_TEST_POSTGRES_URL is set, as in .ci/run.
 */
@EnabledIfEnvironmentVariable(named = "CONNECTIONS_TEST_POSTGRES_URL", matches = ".+")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresExampleApplicationTest extends ExampleApplicationTest {
    static final String PREFIX =
            "ex" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("CONNECTIONS_TEST_POSTGRES_URL"));
        registry.add("connections.jdbc.table-prefix", () -> PREFIX);
        registry.add("connections.jdbc.initialize-schema", () -> "always");
        registry.add("connections.keys.development-file", () -> "target/postgres-example-keys.txt");
    }

    @AfterAll
    static void dropTables() throws Exception {
        try (Connection c = DriverManager.getConnection(System.getenv("CONNECTIONS_TEST_POSTGRES_URL"));
                Statement s = c.createStatement()) {
            for (String table : new String[] {
                "connections", "secrets", "custom_apps", "app_locks", "key_usage", "change_log", "schema_version"
            }) {
                s.execute("DROP TABLE IF EXISTS " + PREFIX + table);
            }
        }
    }
}
