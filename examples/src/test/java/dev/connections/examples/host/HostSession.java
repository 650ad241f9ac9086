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

/** One browser-like HTTP session with the example host on {@code port}: its own cookies, no redirects followed. */
final class HostSession {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">");

    private final int port;
    private final String prefix;

    /** A session with the host on {@code port} whose context path is {@code prefix} ("" for none). */
    HostSession(int port, String prefix) {
        this.port = port;
        this.prefix = prefix;
    }

    final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> send(String method, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HostSession signIn(String username, String password) throws IOException, InterruptedException {
        String login = send("GET", prefix + "/login", null).body();
        Matcher token = Pattern.compile(
                        "name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"|name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(login);
        assertThat(token.find()).as("the login form's CSRF field").isTrue();
        String csrf = token.group(1) != null ? token.group(1) : token.group(2);
        HttpResponse<String> done = send(
                "POST",
                prefix + "/login",
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
        Matcher token =
                CSRF.matcher(send("GET", prefix + "/settings/connections", null).body());
        assertThat(token.find()).isTrue();
        return token.group(1);
    }
}
