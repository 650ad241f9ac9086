package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The page's shell and assets as a host serves them: behind a context path, with Spring Security's CSRF
 * token in its meta tags, in the request's language, under a strict CSP, as a whole page and as a fragment.
 */
@SpringBootTest(
        classes = ConnectionsPageTest.Host.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.servlet.context-path=/host",
            "connections.web.path=/team/connections/",
            "connections.keys.development=true",
            "connections.keys.development-file=target/page-test-keys.txt"
        })
class ConnectionsPageTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Host {
        /** Everything open, CSRF on: the shell must carry Spring Security's token. */
        @Bean
        SecurityFilterChain open(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theWholePageNamesItsAssetsApiAndCsrfTokenUnderTheContextPathWithAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/host/team/connections");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline"));
        String html = page.body();
        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .contains("<html lang=\"en\">")
                .contains("<meta name=\"connections-api\" content=\"/host/api/connections\">")
                .contains("<meta name=\"connections-assets\" content=\"/host/team/connections/assets/\">")
                .contains("<script type=\"module\" src=\"/host/team/connections/assets/connections.js\"></script>")
                .contains("<link rel=\"stylesheet\" href=\"/host/team/connections/assets/connections.css\">")
                .contains("<meta name=\"csrf-header\" content=\"X-CSRF-TOKEN\">");
        Matcher token = Pattern.compile("<meta name=\"csrf-token\" content=\"([^\"]+)\">")
                .matcher(html);
        assertThat(token.find()).as("a CSRF token meta tag").isTrue();
        assertThat(token.group(1)).hasSizeGreaterThan(10);
        // No inline script or style: every <script> has a src, no element carries a style attribute.
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=");
        assertThat(get("/host/team/connections/").statusCode()).isEqualTo(200);
    }

    @Test
    void theFragmentIsThePieceAHostLayoutEmbeds() throws Exception {
        String html = get("/host/team/connections?fragment=true").body();

        assertThat(html).doesNotContain("<html", "<head", "<body", "<meta");
        assertThat(html)
                .contains("data-connections")
                .contains("data-api=\"/host/api/connections\"")
                .contains("data-assets=\"/host/team/connections/assets/\"")
                .contains("data-csrf-header=\"X-CSRF-TOKEN\"")
                .contains("connections.js")
                .contains("connections.css");
    }

    @Test
    void aProxysForwardedPrefixIsHonouredWhenTheHostTrustsIt() throws Exception {
        // server.forward-headers-strategy is not set here: an untrusted prefix must not change the URLs.
        String html =
                get("/host/team/connections", "X-Forwarded-Prefix", "/evil").body();

        assertThat(html).doesNotContain("/evil");
    }

    @Test
    void theLanguageFollowsTheRequestWhenItsBundleIsCompleteElseEnglish() throws Exception {
        assertThat(get("/host/team/connections", "Accept-Language", "de-DE,de;q=0.9")
                        .body())
                .contains("<html lang=\"de\">")
                .contains("<meta name=\"connections-locale\" content=\"de\">");
        assertThat(get("/host/team/connections", "Accept-Language", "fi").body())
                .contains("<html lang=\"en\">");
    }

    @Test
    void assetsAndMessageBundlesAreServedFromTheJar() throws Exception {
        HttpResponse<String> script = get("/host/team/connections/assets/connections.js");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(script.body()).contains("data-connections");
        for (String asset : new String[] {
            "connections.css", "api.js", "dom.js", "dialogs.js", "forms.js", "i18n.js", "i18n/en.json", "i18n/de.json"
        }) {
            assertThat(get("/host/team/connections/assets/" + asset).statusCode())
                    .as(asset)
                    .isEqualTo(200);
        }
        assertThat(get("/host/team/connections/assets/../application.properties")
                        .statusCode())
                .isNotEqualTo(200);
    }

    @Test
    void everyLanguageHasEveryMessageOfEnglish() throws IOException {
        Set<String> english = keys("i18n/en.json");
        assertThat(english).hasSizeGreaterThan(50);
        for (String language : ConnectionsPageController.LANGUAGES) {
            assertThat(keys("i18n/" + language + ".json")).as(language).isEqualTo(english);
        }
    }

    @Test
    void theScriptsNeverWriteMarkupOrInlineStyles() throws IOException {
        for (String script : new String[] {"connections.js", "api.js", "dom.js", "dialogs.js", "forms.js", "i18n.js"}) {
            assertThat(asset(script))
                    .as(script)
                    .doesNotContain(
                            "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", ".style.", "eval(")
                    .doesNotContain("'style'");
        }
    }

    private static Set<String> keys(String bundle) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        Matcher key = Pattern.compile("(?m)^\\s*\"([^\"]+)\"\\s*:").matcher(asset(bundle));
        while (key.find()) {
            assertThat(keys.add(key.group(1)))
                    .as("%s repeats %s", bundle, key.group(1))
                    .isTrue();
        }
        return keys;
    }

    private static String asset(String name) throws IOException {
        try (InputStream in = ConnectionsPageTest.class.getResourceAsStream("/dev/connections/web/assets/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
