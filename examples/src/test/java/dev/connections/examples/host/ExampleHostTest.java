package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example host over plain HTTP behind its path prefix: sign-in and CSRF are Spring Security's, the
 * manager of one workspace writes, the viewer of another only reads and sees nothing of the first.
 */
@SpringBootTest(
        classes = ExampleHost.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.servlet.context-path=/acme-host",
            "spring.datasource.url=jdbc:h2:mem:http-host;DB_CLOSE_DELAY=-1",
            "connections.keys.development-file=target/http-host-keys.txt"
        })
class ExampleHostTest {
    private static final String KEY = "http-test-key-00000000000000000000000007a7a";

    @LocalServerPort
    int port;

    @Test
    void anonymousVisitorsAreSentToSignInAndTheApiSays401() throws Exception {
        HostSession anonymous = new HostSession(port, "/acme-host");
        HttpResponse<String> page =
                anonymous.send("GET", "/acme-host/settings/connections", null, "Accept", "text/html");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/acme-host/login"));
        assertThat(anonymous.send("GET", "/acme-host/api/connections/me", null).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theManagerWritesWithTheCsrfTokenTheViewerOnlyReadsAnotherWorkspace() throws Exception {
        HostSession alice = new HostSession(port, "/acme-host").signIn("alice", "alice-demo");
        HttpResponse<String> page = alice.send("GET", "/acme-host/settings/connections", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("content=\"/acme-host/api/connections\"")
                .contains("src=\"/acme-host/settings/connections/assets/connections.js\"");
        assertThat(page.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(alice.send("GET", "/acme-host/settings/connections/assets/connections.css", null)
                        .statusCode())
                .isEqualTo(200);
        assertThat(alice.send("GET", "/acme-host/api/connections/me", null).body())
                .contains("\"workspace\":\"acme\"", "\"DELETE\"");

        String body = "{\"name\":\"HTTP key\",\"apiKey\":\"" + KEY + "\",\"settings\":{}}";
        String add = "/acme-host/api/connections/apps/cohere/connections";
        assertThat(alice.send("POST", add, body, "Content-Type", "application/json")
                        .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        HttpResponse<String> added =
                alice.send("POST", add, body, "Content-Type", "application/json", "X-CSRF-TOKEN", alice.pageToken());
        assertThat(added.statusCode()).isEqualTo(201);
        assertThat(added.body()).doesNotContain(KEY).contains("HTTP key");

        HostSession bob = new HostSession(port, "/acme-host").signIn("bob", "bob-demo");
        assertThat(bob.send("GET", "/acme-host/api/connections/me", null).body())
                .contains("\"workspace\":\"globex\"", "\"allowed\":[\"VIEW\"]");
        assertThat(bob.send("GET", "/acme-host/api/connections/apps", null).body())
                .contains("\"total\":0");
        assertThat(bob.send("POST", add, body, "Content-Type", "application/json", "X-CSRF-TOKEN", bob.pageToken())
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void aReverseProxysPrefixReachesEveryUrlOfThePage() throws Exception {
        HostSession alice = new HostSession(port, "/acme-host").signIn("alice", "alice-demo");
        String html = alice.send("GET", "/acme-host/settings/connections", null, "X-Forwarded-Prefix", "/proxy")
                .body();
        assertThat(html)
                .containsPattern("content=\"/proxy[^\"]*/api/connections\"")
                .containsPattern("src=\"/proxy[^\"]*/settings/connections/assets/connections.js\"");
    }
}
