package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The example host as the README's command starts it (the main class with its own application.yml and a
 * file H2 database that does not exist yet): it serves the page to a signed-in demo user and stores a
 * connection through the page's API.
 */
class ExampleHostReadmeTest {

    @Test
    void startsFromAFreshCloneServesThePageAndStoresAConnection() throws Exception {
        deleteRecursively(Path.of("target", "example-host"));
        try (ConfigurableApplicationContext app = SpringApplication.run(ExampleHost.class, "--server.port=0")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            HostSession alice = new HostSession(port, "").signIn("alice", "alice-demo");
            HttpResponse<String> page = alice.send("GET", "/settings/connections", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("data-connections", "/settings/connections/assets/connections.js");

            HttpResponse<String> added = alice.send(
                    "POST",
                    "/api/connections/apps/mistral/connections",
                    "{\"name\":\"Main key\",\"apiKey\":\"readme-key-0000000000000000000000001\",\"settings\":{}}",
                    "Content-Type",
                    "application/json",
                    "X-CSRF-TOKEN",
                    alice.pageToken());
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(alice.send("GET", "/api/connections/apps", null).body())
                    .contains("\"integrationId\":\"mistral\"", "\"connectionCount\":1");
        }
        assertThat(Path.of("target", "example-host", "connections.mv.db")).exists();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
