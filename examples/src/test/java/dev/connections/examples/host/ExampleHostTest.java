package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    @LocalServerPort
    int port;

    /** One browser-like session: its own cookies, no redirects followed. */
    final class Session {
        final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        HttpResponse<String> send(String method, String path, String body, String... headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        Session signIn(String username, String password) throws IOException, InterruptedException {
            String login = send("GET", "/acme-host/login", null).body();
            Matcher token = Pattern.compile(
                            "name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"")
                    .matcher(login);
            assertThat(token.find()).as("the login form's CSRF field").isTrue();
            String csrf = token.group(1) != null ? token.group(1) : token.group(2);
            HttpResponse<String> done = send(
                    "POST",
                    "/acme-host/login",
                    "username=" + username + "&password=" + password + "&_csrf="
                            + URLEncoder.encode(csrf, StandardCharsets.UTF_8),
                    "Content-Type",
                    "application/x-www-form-urlencoded");
            assertThat(done.statusCode()).isEqualTo(302);
            assertThat(done.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
            return this;
        }

        /** The CSRF token the page hands its script. */
        String pageToken() throws IOException, InterruptedException {
            Matcher token = CSRF.matcher(
                    send("GET", "/acme-host/settings/connections", null).body());
            assertThat(token.find()).isTrue();
            return token.group(1);
        }
    }

    @Test
    void anonymousVisitorsAreSentToSignInAndTheApiSays401() throws Exception {
        Session anonymous = new Session();
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
        Session alice = new Session().signIn("alice", "alice-demo");
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

        Session bob = new Session().signIn("bob", "bob-demo");
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
        Session alice = new Session().signIn("alice", "alice-demo");
        String html = alice.send("GET", "/acme-host/settings/connections", null, "X-Forwarded-Prefix", "/proxy")
                .body();
        assertThat(html)
                .containsPattern("content=\"/proxy[^\"]*/api/connections\"")
                .containsPattern("src=\"/proxy[^\"]*/settings/connections/assets/connections.js\"");
    }
}
