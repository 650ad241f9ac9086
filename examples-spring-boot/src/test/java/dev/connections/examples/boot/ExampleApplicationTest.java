package dev.connections.examples.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example service end to end over HTTP: B3, B6 and B8 through the controller, then the actuator's
 * {@code connections} health and the {@code connections.resolve} metric. A subclass per database.
 */
abstract class ExampleApplicationTest {
    static final String OPENAI_KEY_1 = "sk-example-first-key-0123456789";
    static final String OPENAI_KEY_2 = "sk-example-second-key-0123456789";

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final String workspace = "ws-" + UUID.randomUUID();

    @LocalServerPort
    int port;

    @Autowired
    RecordingTriggerClient client;

    @Test
    void addSetDefaultTriggerThenHealthAndMetrics() throws Exception {
        JsonNode first = call(
                "POST",
                "/workspaces/" + workspace + "/apps/openai/connections",
                "{\"name\":\"Main key\",\"apiKey\":\"" + OPENAI_KEY_1 + "\"}",
                201);
        assertThat(first.get("isDefault").asBoolean()).isTrue();
        JsonNode second = call(
                "POST",
                "/workspaces/" + workspace + "/apps/openai/connections",
                "{\"name\":\"Backup\",\"apiKey\":\"" + OPENAI_KEY_2 + "\"}",
                201);
        assertThat(second.get("isDefault").asBoolean()).isFalse();
        assertThat(second.toString()).doesNotContain(OPENAI_KEY_2);

        JsonNode triggered = call("POST", "/workspaces/" + workspace + "/apps/openai/trigger", "", 200);
        assertThat(triggered.get("connectionId").asText())
                .isEqualTo(first.get("id").asText());
        assertThat(triggered.get("target").asText()).isEqualTo("https://api.openai.com/v1");

        call(
                "PUT",
                "/workspaces/" + workspace + "/connections/" + second.get("id").asText() + "/default",
                "",
                200);
        JsonNode afterSwitch = call("POST", "/workspaces/" + workspace + "/apps/openai/trigger", "", 200);
        assertThat(afterSwitch.get("connectionId").asText())
                .isEqualTo(second.get("id").asText());
        call("POST", "/workspaces/" + workspace + "/apps/openai/trigger", "", 200);
        assertThat(client.sentWithKey()).isGreaterThanOrEqualTo(3);

        JsonNode invalid = call(
                "POST",
                "/workspaces/" + workspace + "/apps/openai/connections",
                "{\"name\":\"\",\"apiKey\":\"not-an-openai-key\"}",
                400);
        assertThat(invalid.get("fieldErrors").has("apiKey")).isTrue();
        call("POST", "/workspaces/" + workspace + "/apps/anthropic/trigger", "", 404);

        JsonNode health = call("GET", "/actuator/health", null, 200);
        assertThat(health.get("status").asText()).isEqualTo("UP");
        JsonNode connectionsHealth = health.get("components").get("connections");
        assertThat(connectionsHealth.get("status").asText()).isEqualTo("UP");
        assertThat(connectionsHealth.get("details").get("storage").asText()).isEqualTo("reachable");
        assertThat(health.toString()).doesNotContain(workspace).doesNotContain(OPENAI_KEY_1);

        JsonNode resolve = call("GET", "/actuator/metrics/connections.resolve?tag=app:openai", null, 200);
        assertThat(resolve.get("measurements").get(0).get("statistic").asText()).isEqualTo("COUNT");
        assertThat(resolve.get("measurements").get(0).get("value").asDouble()).isGreaterThanOrEqualTo(3);
        JsonNode notFound = call("GET", "/actuator/metrics/connections.resolve?tag=result:not_found", null, 200);
        assertThat(notFound.get("measurements").get(0).get("value").asDouble()).isEqualTo(1);
    }

    private JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as("%s %s: %s", method, path, response.body())
                .isEqualTo(expectedStatus);
        return json.readTree(response.body().isEmpty() ? "{}" : response.body());
    }
}
