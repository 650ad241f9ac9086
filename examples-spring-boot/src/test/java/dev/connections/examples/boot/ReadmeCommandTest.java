package dev.connections.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
 * The example as the README starts it ({@code -Prun}: the main class with its own application.yml, a file
 * H2 database that does not exist yet) stores a connection, reports health UP, and answers 400 to a
 * malformed id and to a body without a key.
 */
class ReadmeCommandTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsFromAFreshCloneStoresAConnectionAndRefusesBadInputWith400() throws Exception {
        deleteRecursively(Path.of("target", "example-db"));
        try (ConfigurableApplicationContext app = SpringApplication.run(ExampleApplication.class, "--server.port=0")) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String base = "http://127.0.0.1:" + port + "/workspaces/acme";

            HttpResponse<String> added = send(
                    "POST",
                    base + "/apps/openai/connections",
                    "{\"name\":\"Main\",\"apiKey\":\"sk-readme-000000000000000000001\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            assertThat(send("GET", base + "/apps/openai/connections", null).body())
                    .contains("\"Main\"");
            assertThat(send("GET", "http://127.0.0.1:" + port + "/actuator/health", null)
                            .body())
                    .endsWith("\"status\":\"UP\"}")
                    .doesNotContain("sk-readme");

            HttpResponse<String> malformedId = send("PUT", base + "/connections/not-a-uuid/default", "");
            assertThat(malformedId.statusCode()).isEqualTo(400);
            assertThat(malformedId.body()).contains("\"id\"");
            HttpResponse<String> noKey = send("POST", base + "/apps/openai/connections", "{\"name\":\"No key\"}");
            assertThat(noKey.statusCode()).isEqualTo(400);
            assertThat(noKey.body()).contains("\"apiKey\"");
            assertThat(send(
                                    "POST",
                                    "http://127.0.0.1:" + port + "/workspaces/Not%20A%20Workspace/apps/openai/trigger",
                                    "")
                            .statusCode())
                    .isEqualTo(400);
        }
    }

    private HttpResponse<String> send(String method, String url, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
