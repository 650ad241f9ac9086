package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connections.verify.Verification;
import java.io.IOException;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The reference app over plain HTTP: CSRF, escaping, security headers, status codes, and that no
 * response ever carries a stored key.
 */
class WebAppHttpTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern CONNECTION_ID = Pattern.compile("data-id=\"([0-9a-f-]{36})\"");
    private static final String FIRST_KEY = "sk-first-secret-00007777";
    private static final String SECOND_KEY = "sk-second-secret-0008888";
    private static final String CUSTOM_KEY = "crm-custom-secret-9999";
    private static final String OPENAI = "/w/acme/settings/connections/apps/openai";

    @TempDir
    Path dataDir;

    private final ScriptedVerifier verifier = new ScriptedVerifier();
    private WebApp app;
    private Browser browser;
    /** Every body this test received, to scan for keys. */
    private final List<String> bodies = new ArrayList<>();

    @BeforeEach
    void start() {
        app = TestApps.start(dataDir, verifier);
        browser = new Browser();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void stateChangingRequestsWithoutTheSessionTokenAreRejectedAndChangeNothing() throws Exception {
        browser.get(OPENAI); // has a session and a token now
        Map<String, String> form = Map.of("name", "Our main key", "apiKey", "sk-test-00000000000000001");

        assertThat(browser.post(OPENAI + "/connections", form, null).statusCode())
                .isEqualTo(403);
        assertThat(browser.post(OPENAI + "/connections", form, "forged-token").statusCode())
                .isEqualTo(403);
        Browser stranger = new Browser(); // another site's page posting with no session at all
        HttpResponse<String> rejected = stranger.post(OPENAI + "/connections", form, "");
        assertThat(rejected.statusCode()).isEqualTo(403);
        assertThat(rejected.body()).contains("This form has expired");

        assertThat(browser.get(OPENAI).body()).contains("No connections yet");
        assertThat(browser.get("/w/acme/settings/connections").body()).contains("No connected apps yet");
    }

    @Test
    void withTheTokenAConnectionIsAddedAndTheAppCountsIt() throws Exception {
        HttpResponse<String> added = browser.submit(
                OPENAI, OPENAI + "/connections", Map.of("name", "Our main key", "apiKey", "sk-test-00000000000000001"));

        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location")).hasValue(OPENAI);
        String page = browser.get(OPENAI).body();
        assertThat(page).contains("Connection “Our main key” added to OpenAI.", ">Default<", "…0001");
        assertThat(browser.get("/w/acme/settings/connections").body()).contains("data-count=\"1\"");
    }

    @Test
    void userTextIsEscapedEverywhereItIsShown() throws Exception {
        String script = "<script>alert(1)</script>";
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", script, "apiKey", "sk-test-00000000000000001"));
        browser.submit(
                "/w/acme/settings/connections/custom",
                "/w/acme/settings/connections/custom",
                customForm("<img src=x onerror=alert(2)>", "https://crm.example", "crm-key-0000000042"));
        HttpResponse<String> echoed = browser.follow(browser.submit(
                "/w/acme/settings/connections/custom",
                "/w/acme/settings/connections/custom",
                customForm("CRM", "\"><b>quoted</b>", "crm-key-0000000042")));
        assertThat(echoed.body()).doesNotContain("<b>quoted</b>").contains("&quot;&gt;&lt;b&gt;quoted");

        List<String> pages = List.of(
                browser.get(OPENAI).body(),
                browser.get("/w/acme/settings/connections").body(),
                browser.get("/w/acme/settings/connections/apps").body(),
                browser.get("/w/acme/settings/connections?q=" + enc(script)).body());
        for (String page : pages) {
            assertThat(page).doesNotContain(script, "<img src=x", "<b>quoted</b>");
        }
        assertThat(pages.get(0)).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(pages.get(1)).contains("&lt;img src=x onerror=alert(2)&gt;");
        // A failed form echoes what was typed, escaped too.
        HttpResponse<String> rejected = browser.follow(browser.submit(
                OPENAI, OPENAI + "/connections", Map.of("name", "\"><script>x()</script>", "apiKey", "")));
        assertThat(rejected.body()).doesNotContain("<script>x()").contains("&quot;&gt;&lt;script&gt;x()");
    }

    @Test
    void noResponseNorLogLineEverContainsAStoredKey() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level rootLevel = root.getLevel();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        root.setLevel(Level.ALL);
        try {
            exerciseEveryPageWithKeys();
        } finally {
            root.detachAppender(logs);
            root.setLevel(rootLevel);
        }
        // The scan covers the audit trail too, whatever level the test configuration gives it.
        assertThat(logs.list).anyMatch(e -> e.getLoggerName().equals("connections.audit"));
        for (ILoggingEvent event : logs.list) {
            assertThat(event.getFormattedMessage()).doesNotContain(FIRST_KEY, SECOND_KEY, CUSTOM_KEY);
        }
    }

    private void exerciseEveryPageWithKeys() throws Exception {
        String first = FIRST_KEY;
        String second = SECOND_KEY;
        String custom = CUSTOM_KEY;
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "Main", "apiKey", first));
        String id = firstConnectionId(browser.get(OPENAI).body());
        browser.submit(
                OPENAI,
                OPENAI + "/connections/" + id + "/edit",
                Map.of("name", "Main", "version", "1", "replaceKey", "true", "apiKey", second));
        // Rejected forms must not echo the key that was typed either.
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "", "apiKey", first));
        browser.submit(
                "/w/acme/settings/connections/custom",
                "/w/acme/settings/connections/custom",
                customForm("Acme CRM", "not a url", custom));
        HttpResponse<String> customAdded = browser.submit(
                "/w/acme/settings/connections/custom",
                "/w/acme/settings/connections/custom",
                customForm("Acme CRM", "https://crm.acme.example", custom));
        assertThat(customAdded.statusCode()).isEqualTo(303);
        verifier.answer(Verification.Status.INVALID, 401, "HTTP 401: Incorrect API key provided.");
        browser.follow(browser.submit(OPENAI, OPENAI + "/connections/" + id + "/test", Map.of()));
        browser.submit(OPENAI, OPENAI + "/test-trigger", Map.of());
        String triggered = browser.get(OPENAI).body();
        assertThat(triggered).contains("would use", "…8888");

        browser.get("/w/acme/settings/connections");
        browser.get("/w/acme/settings/connections/apps");
        browser.get("/w/acme/settings/connections/integrations?q=open");
        assertThat(browser.get(customAdded.headers().firstValue("Location").orElseThrow())
                        .body())
                .contains("Acme CRM", "Production", "…9999");

        assertThat(bodies).hasSizeGreaterThan(10);
        for (String body : bodies) {
            assertThat(body).doesNotContain(first, second, custom);
        }
    }

    @Test
    void validationErrorsComeBackNextToTheirFields() throws Exception {
        HttpResponse<String> response =
                browser.follow(browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "   ", "apiKey", "")));

        assertThat(response.body())
                .contains("data-open-dialog=\"add-dialog\"")
                .containsPattern("class=\"field-error\"[^>]*data-field=\"name\"[^>]*>[^<]+<")
                .containsPattern("class=\"field-error\"[^>]*data-field=\"apiKey\"[^>]*>[^<]+<");

        HttpResponse<String> custom = browser.follow(browser.submit(
                "/w/acme/settings/connections/custom",
                "/w/acme/settings/connections/custom",
                customForm("", "ftp://example.com", "k")));
        assertThat(custom.body())
                .containsPattern("data-field=\"appName\"[^>]*>[^<]+<")
                .containsPattern("data-field=\"baseUrl\"[^>]*>[^<]+<");
    }

    @Test
    void aRejectedFormRedirectsToAPageWithWhatWasTypedExceptTheKeyOnce() throws Exception {
        String customPage = "/w/acme/settings/connections/custom";
        HttpResponse<String> rejected =
                browser.submit(customPage, customPage, customForm("Acme CRM", "ftp://crm.acme.example", CUSTOM_KEY));

        // Post/redirect/get: the address bar ends on a GET address, so Back never re-sends the form.
        assertThat(rejected.statusCode()).isEqualTo(303);
        assertThat(rejected.headers().firstValue("Location")).hasValue(customPage);
        HttpResponse<String> page = browser.follow(rejected);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("value=\"Acme CRM\"", "value=\"ftp://crm.acme.example\"", "value=\"X-Api-Key\"")
                .contains("value=\"Production\"")
                .containsPattern("data-field=\"baseUrl\"[^>]*>[^<]+<")
                .contains("Enter the API key again")
                .doesNotContain(CUSTOM_KEY);
        assertThat(page.body()).containsPattern("<input id=\"apiKey\"(?![^>]*value=)[^>]*>");

        // The flash is used once: reloading shows the empty form.
        String reloaded = browser.get(customPage).body();
        assertThat(reloaded).doesNotContain("value=\"Acme CRM\"", "ftp://crm.acme.example", "Enter the API key again");
        assertThat(reloaded).doesNotContainPattern("class=\"field-error\"[^>]*>[^<]+<");
        // It belongs to the page it was made for: another page neither shows nor keeps it.
        browser.follow(browser.submit(customPage, customPage, customForm("Acme CRM", "ftp://x.example", "k-1")));
        assertThat(browser.get(OPENAI).body()).doesNotContain("ftp://x.example");
        assertThat(browser.get(customPage).body()).doesNotContain("ftp://x.example");
    }

    @Test
    void aRejectedEditKeepsTheTypedNameAndAsksForTheNewKeyAgain() throws Exception {
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "Main", "apiKey", FIRST_KEY));
        String id = firstConnectionId(browser.get(OPENAI).body());
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "Backup", "apiKey", SECOND_KEY));

        HttpResponse<String> rejected = browser.submit(
                OPENAI,
                OPENAI + "/connections/" + id + "/edit",
                Map.of("name", "Backup", "version", "1", "replaceKey", "true", "apiKey", "sk-third-key-0000000003"));
        assertThat(rejected.statusCode()).isEqualTo(303);
        assertThat(rejected.headers().firstValue("Location")).hasValue(OPENAI);
        String page = browser.follow(rejected).body();
        assertThat(page)
                .contains("data-open-dialog=\"edit-" + id + "\"")
                .containsPattern("data-field=\"name\"[^>]*>[^<]+<")
                .contains("Enter the new API key again")
                .doesNotContain("sk-third-key-0000000003");
        assertThat(browser.get(OPENAI).body()).doesNotContain("data-open-dialog=\"edit-");
    }

    @Test
    void aStaleEditOrDeleteShowsAClearMessageAndChangesNothing() throws Exception {
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "Main", "apiKey", "sk-test-00000000000000001"));
        String id = firstConnectionId(browser.get(OPENAI).body());
        // Another tab renames it first: version 1 becomes 2.
        browser.submit(OPENAI, OPENAI + "/connections/" + id + "/edit", Map.of("name", "Renamed", "version", "1"));

        HttpResponse<String> stale =
                browser.submit(OPENAI, OPENAI + "/connections/" + id + "/edit", Map.of("name", "Mine", "version", "1"));
        assertThat(stale.statusCode()).isEqualTo(303);
        assertThat(browser.follow(stale).body())
                .contains("was changed in another tab or window", "nothing was saved")
                .doesNotContain("Exception");
        HttpResponse<String> staleDelete =
                browser.submit(OPENAI, OPENAI + "/connections/" + id + "/delete", Map.of("version", "1"));
        assertThat(staleDelete.statusCode()).isEqualTo(303);
        assertThat(browser.follow(staleDelete).body()).contains("nothing was deleted");
        assertThat(browser.get(OPENAI).body()).contains("Renamed").doesNotContain("Mine");
    }

    @Test
    void anotherWorkspaceNeitherSeesNorChangesTheConnection() throws Exception {
        browser.submit(
                OPENAI, OPENAI + "/connections", Map.of("name", "Acme key", "apiKey", "sk-test-00000000000000001"));
        String id = firstConnectionId(browser.get(OPENAI).body());
        String globexOpenai = "/w/globex/settings/connections/apps/openai";

        assertThat(browser.get("/w/globex/settings/connections").body())
                .contains("No connected apps yet")
                .doesNotContain("Acme key");
        browser.submit(globexOpenai, globexOpenai + "/connections/" + id + "/delete", Map.of("version", "1"));
        assertThat(browser.get(globexOpenai).body()).contains("no longer exists");
        assertThat(browser.get(OPENAI).body()).contains("Acme key");
    }

    @Test
    void everyResponseCarriesTheSecurityHeadersAndErrorsAreFriendly() throws Exception {
        HttpResponse<String> page = browser.get("/w/acme/settings/connections");
        HttpResponse<String> unknownWorkspace = browser.get("/w/initech/settings/connections");
        HttpResponse<String> unknownApp = browser.get("/w/acme/settings/connections/apps/no-such-app");
        HttpResponse<String> forbidden = browser.post(OPENAI + "/connections", Map.of(), null);
        HttpResponse<String> script = browser.get("/static/app.js");
        assertThat(script.statusCode()).isEqualTo(200);

        assertThat(unknownWorkspace.statusCode()).isEqualTo(404);
        assertThat(unknownWorkspace.body()).contains("There is no such workspace.");
        assertThat(unknownApp.statusCode()).isEqualTo(404);
        assertThat(unknownApp.body()).contains("There is no such app in this workspace.");
        for (HttpResponse<String> response : List.of(page, unknownWorkspace, unknownApp, forbidden, script)) {
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
        for (HttpResponse<String> response : List.of(page, unknownWorkspace, unknownApp, forbidden)) {
            assertThat(response.body()).doesNotContain("at dev.connections", "Exception");
        }
        assertThat(page.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    @Test
    void theFaviconIsAnSvgLinkedFromEveryPageAndFaviconIcoLeadsToIt() throws Exception {
        assertThat(browser.get("/w/acme/settings/connections").body())
                .contains("<link rel=\"icon\" href=\"/static/favicon.svg\" type=\"image/svg+xml\">");
        HttpResponse<String> icon = browser.get("/static/favicon.svg");
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
        assertThat(icon.body()).startsWith("<svg");

        HttpResponse<String> ico = browser.get("/favicon.ico");
        assertThat(ico.statusCode()).isEqualTo(301);
        assertThat(ico.headers().firstValue("Location")).hasValue("/static/favicon.svg");
    }

    @Test
    void theNoMatchStateIsOneMessageWithALinkToTheCustomFormAndNoSessionIdInIt() throws Exception {
        // A first visit: the session is new, which is when a servlet container would rewrite links.
        String page = browser.get("/w/acme/settings/connections?q=zzqx").body();

        assertThat(page)
                .contains("id=\"no-match\"", "No app matches “<span class=\"query\">zzqx</span>”")
                .contains("href=\"/w/acme/settings/connections/custom?appName=zzqx\">Add a custom connection</a>")
                .doesNotContain("class=\"integration\"")
                .doesNotContainIgnoringCase("jsessionid");
        assertThat(browser.get("/w/acme/settings/connections/custom?appName=Acme%20CRM")
                        .body())
                .contains("value=\"Acme CRM\"");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "GET /%00 HTTP/1.1", // Jetty refuses the URI before any handler runs
                "GET /w/acme/settings/connections/%2e%2e/%2e%2e/x HTTP/1.1", // ambiguous path segments
                "GET /no/such/page HTTP/1.1",
                "DELETE /w/acme/settings/connections HTTP/1.1",
                "TRACE / HTTP/1.1",
                "GET / HTTP/7.3", // the parser refuses the request line
            })
    void theServersOwnErrorPagesCarryTheSecurityHeadersToo(String requestLine) throws IOException {
        RawResponse response = raw(requestLine);

        assertThat(response.status()).as(response.head()).isBetween(400, 599);
        SecurityHeaders.ALL.forEach((name, value) -> assertThat(response.header(name))
                .as("%s on %s", name, response.head())
                .hasValue(value));
        assertThat(response.body()).doesNotContain("Exception", "jetty", "Jetty", "at org.");
    }

    @Test
    void yourConnectedAppsShowsTheBusiestAppsFirstWithTheTotalAndSeeAllShowsEveryOne() throws Exception {
        int apps = ConnectionsPages.CONNECTED_APPS_SHOWN + 2;
        // "App B" … "App I" with one connection each; then the last two alphabetically get more, so the
        // first six by name would hide the busiest apps.
        for (int i = 1; i <= apps; i++) {
            addCustom("App " + (char) ('A' + i), "Production");
        }
        addCustom("App I", "Staging");
        addCustom("App I", "Testing");
        addCustom("App H", "Staging");

        String overview = browser.get("/w/acme/settings/connections").body();
        String all = browser.get("/w/acme/settings/connections/apps").body();
        String connectedOnOverview =
                overview.substring(overview.indexOf("id=\"connected-apps\""), overview.indexOf("id=\"explore\""));
        assertThat(appNames(connectedOnOverview))
                .as("most connections first, ties by name")
                .containsExactly("App I", "App H", "App B", "App C", "App D", "App E");
        assertThat(overview)
                .contains("id=\"see-all\" href=\"/w/acme/settings/connections/apps\"")
                .contains(">See all (" + apps + ")<");
        assertThat(appNames(all))
                .containsExactly("App I", "App H", "App B", "App C", "App D", "App E", "App F", "App G");
    }

    @Test
    void aCustomAppsCheckPathIsSavedOrRefusedWithAFieldError() throws Exception {
        String custom = "/w/acme/settings/connections/custom";
        Map<String, String> bad = customForm("Acme CRM", "https://crm.example", "crm-key-0000000042");
        bad.put("probePath", "me");
        String page = browser.follow(browser.submit(custom, custom, bad)).body();
        assertThat(page).contains("data-field=\"probePath\"").contains("A check path starts with /");

        Map<String, String> good = customForm("Acme CRM", "https://crm.example", "crm-key-0000000042");
        good.put("probePath", "/v1/me");
        HttpResponse<String> added = browser.submit(custom, custom, good);
        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location").orElseThrow()).contains("/apps/");
    }

    private void addCustom(String appName, String connectionName) throws Exception {
        Map<String, String> form = customForm(appName, "https://app.example", "custom-key-" + connectionName);
        form.put("connectionName", connectionName);
        HttpResponse<String> added =
                browser.submit("/w/acme/settings/connections/custom", "/w/acme/settings/connections/custom", form);
        assertThat(added.statusCode()).isEqualTo(303);
        assertThat(added.headers().firstValue("Location").orElseThrow()).contains("/apps/");
    }

    private static List<String> appNames(String page) {
        return Pattern.compile("class=\"app-name\">([^<]*)<")
                .matcher(page)
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    @Test
    void theApiKeyFieldsArePasswordInputs() throws Exception {
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", "Main", "apiKey", "sk-test-00000000000000001"));
        String appPage = browser.get(OPENAI).body();
        String customPage = browser.get("/w/acme/settings/connections/custom").body();

        for (String page : List.of(appPage, customPage)) {
            Matcher keyInputs =
                    Pattern.compile("<input[^>]*name=\"apiKey\"[^>]*>").matcher(page);
            int count = 0;
            while (keyInputs.find()) {
                assertThat(keyInputs.group()).contains("type=\"password\"");
                count++;
            }
            assertThat(count).isPositive();
        }
        assertThat(appPage).contains("placeholder=\"e.g. Our main key\"");
    }

    /** A response to a request written byte for byte, as a client that no library would correct sends it. */
    private record RawResponse(String head, String body) {
        int status() {
            return Integer.parseInt(head.split(" ", 3)[1]);
        }

        java.util.Optional<String> header(String name) {
            return head.lines()
                    .skip(1)
                    .filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(line -> line.substring(name.length() + 1).strip())
                    .findFirst();
        }
    }

    private RawResponse raw(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(10_000);
            String request = requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            return end < 0 ? new RawResponse(all, "") : new RawResponse(all.substring(0, end), all.substring(end + 4));
        }
    }

    private static Map<String, String> customForm(String appName, String baseUrl, String key) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("appName", appName);
        form.put("baseUrl", baseUrl);
        form.put("authType", "HEADER");
        form.put("keyName", "X-Api-Key");
        form.put("keyPrefix", "");
        form.put("connectionName", "Production");
        form.put("apiKey", key);
        return form;
    }

    private static int countOf(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static String firstConnectionId(String page) {
        Matcher m = CONNECTION_ID.matcher(page);
        assertThat(m.find()).as("a connection row on the page").isTrue();
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A cookie-keeping client that, like a browser, sends the token of the page it came from. */
    // ---- "Test" and connection health -----------------------------------------------------------

    /** Adds a connection to OpenAI and returns its id. */
    private String addOpenAi(String name, String key) throws Exception {
        browser.submit(OPENAI, OPENAI + "/connections", Map.of("name", name, "apiKey", key));
        Matcher row = Pattern.compile("data-id=\"([0-9a-f-]{36})\" data-name=\"" + Pattern.quote(name) + "\"")
                .matcher(browser.get(OPENAI).body());
        assertThat(row.find()).as("a row for " + name).isTrue();
        return row.group(1);
    }

    /** The rendered row of connection {@code id}, up to its edit popup. */
    private static String row(String page, String id) {
        int start = page.indexOf("data-id=\"" + id + "\"");
        assertThat(start).as("row " + id).isPositive();
        return page.substring(start, page.indexOf("<dialog", start));
    }

    @Test
    void testShowsTheVerdictInTheConnectionsRowAfterARedirectAndOnlyOnce() throws Exception {
        String main = addOpenAi("Main", FIRST_KEY);
        String backup = addOpenAi("Backup", SECOND_KEY);
        verifier.answer(Verification.Status.INVALID, 401, "HTTP 401: Incorrect API key <b>provided</b>: sk-…0777.");

        HttpResponse<String> posted = browser.submit(OPENAI, OPENAI + "/connections/" + backup + "/test", Map.of());

        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location")).hasValue(OPENAI + "#connection-" + backup);
        assertThat(verifier.checked()).containsExactly("Backup");
        String page = browser.get(OPENAI).body();
        assertThat(row(page, backup))
                .contains("data-result=\"invalid\"")
                .contains("Key rejected by OpenAI: HTTP 401: Incorrect API key &lt;b&gt;provided&lt;/b&gt;: sk-…0777.")
                .contains("data-status=\"rejected\"");
        assertThat(page).doesNotContain("<b>provided</b>", FIRST_KEY, SECOND_KEY);
        assertThat(row(page, main)).doesNotContain("test-result").contains("Not verified", "Never used");
        // The verdict was for that one page view; the badge stays.
        String reloaded = browser.get(OPENAI).body();
        assertThat(reloaded).doesNotContain("test-result\"", "data-result=");
        assertThat(row(reloaded, backup)).contains("Key rejected by OpenAI");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VALID", "UNREACHABLE", "UNSUPPORTED"})
    void everyVerdictHasItsOwnSentence(String status) throws Exception {
        String id = addOpenAi("Main", FIRST_KEY);
        verifier.answer(Verification.Status.valueOf(status), null, "Timed out after 10 s.");

        String page = browser.follow(browser.submit(OPENAI, OPENAI + "/connections/" + id + "/test", Map.of()))
                .body();

        String expected =
                switch (status) {
                    case "VALID" -> "Verified just now.";
                    case "UNREACHABLE" -> "Could not reach OpenAI: Timed out after 10 s.";
                    default -> "This app has no key check: Timed out after 10 s.";
                };
        assertThat(row(page, id)).contains(expected);
        // Only a valid key earns "Verified"; no answer says nothing about the key.
        assertThat(row(page, id)).contains(status.equals("VALID") ? "Verified just now" : "Not verified");
    }

    @Test
    void testingRequiresTheSessionTokenAndAnotherWorkspacesConnectionIsNotTested() throws Exception {
        String id = addOpenAi("Main", FIRST_KEY);

        assertThat(browser.post(OPENAI + "/connections/" + id + "/test", Map.of(), null)
                        .statusCode())
                .isEqualTo(403);
        assertThat(browser.post(OPENAI + "/connections/" + id + "/test", Map.of(), "forged")
                        .statusCode())
                .isEqualTo(403);
        String globex = "/w/globex/settings/connections/apps/openai";
        HttpResponse<String> elsewhere =
                browser.follow(browser.submit(globex, globex + "/connections/" + id + "/test", Map.of()));

        assertThat(elsewhere.body()).contains("That connection no longer exists");
        assertThat(verifier.checked()).isEmpty();
    }

    @Test
    void badgesSayWhenTheKeyWasLastVerifiedAndWhetherItWasUsed() throws Exception {
        String id = addOpenAi("Main", FIRST_KEY);
        assertThat(row(browser.get(OPENAI).body(), id)).contains("Not verified", "Never used");

        verifier.answer(
                Verification.Status.VALID,
                200,
                "HTTP 200",
                Duration.ofMinutes(2).plusSeconds(5));
        browser.submit(OPENAI, OPENAI + "/connections/" + id + "/test", Map.of());

        assertThat(row(browser.get(OPENAI).body(), id))
                .contains("data-status=\"verified\"", "Verified 2 min ago", "Never used");
    }

    @Test
    void aConnectionATriggerGotShowsWhenItWasLastUsed() throws Exception {
        String id = addOpenAi("Main", FIRST_KEY);
        browser.submit(OPENAI, OPENAI + "/test-trigger", Map.of());
        // "Last used" is written in the background; stopping the app writes what is pending.
        app.close();
        app = TestApps.start(dataDir, verifier);
        browser = new Browser();

        assertThat(row(browser.get(OPENAI).body(), id))
                .contains("Last used just now")
                .doesNotContain("Never used");
    }

    @Test
    void anAppWhoseDefaultKeyWasRejectedIsFlaggedOnTheOverviewAndItsPageSaysWhy() throws Exception {
        String main = addOpenAi("Main", FIRST_KEY);
        String backup = addOpenAi("Backup", SECOND_KEY);
        String overview = "/w/acme/settings/connections";
        verifier.answer(Verification.Status.INVALID, 401, "HTTP 401: Incorrect API key provided.");

        browser.submit(OPENAI, OPENAI + "/connections/" + backup + "/test", Map.of());
        // A rejected key that is not the default breaks no automation.
        assertThat(browser.get(overview).body()).doesNotContain("Needs attention");

        browser.submit(OPENAI, OPENAI + "/connections/" + main + "/test", Map.of());
        assertThat(browser.get(overview).body())
                .containsPattern("data-app=\"openai\"(?s:(?!</li>).)*class=\"badge attention\"")
                .contains("Needs attention<span class=\"visually-hidden\">: the default key was rejected");
        assertThat(browser.get(overview + "/apps").body()).contains("badge attention");
        assertThat(browser.get(OPENAI).body())
                .contains("id=\"needs-attention\"", "the key of the default connection “<span>Main</span>”");

        verifier.answer(Verification.Status.VALID, 200, "HTTP 200");
        browser.submit(OPENAI, OPENAI + "/connections/" + main + "/test", Map.of());
        assertThat(browser.get(overview).body()).doesNotContain("badge attention");
        assertThat(browser.get(OPENAI).body()).doesNotContain("needs-attention");
    }

    private final class Browser {
        private final HttpClient client =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

        /** Loads the page a redirect points to, as a browser does after a form. */
        HttpResponse<String> follow(HttpResponse<String> redirect) throws IOException, InterruptedException {
            assertThat(redirect.statusCode()).as("a redirect after a form").isEqualTo(303);
            return get(redirect.headers().firstValue("Location").orElseThrow());
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return keep(
                    client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString()));
        }

        /** Loads {@code page}, then posts {@code form} to {@code action} with that page's token. */
        HttpResponse<String> submit(String page, String action, Map<String, String> form)
                throws IOException, InterruptedException {
            Matcher token = CSRF.matcher(get(page).body());
            assertThat(token.find()).as("a CSRF field on " + page).isTrue();
            return post(action, form, token.group(1));
        }

        HttpResponse<String> post(String path, Map<String, String> form, String token)
                throws IOException, InterruptedException {
            Map<String, String> all = new LinkedHashMap<>(form);
            if (token != null) {
                all.put("_csrf", token);
            }
            String body = all.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            return keep(client.send(
                    HttpRequest.newBuilder(uri(path))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        private HttpResponse<String> keep(HttpResponse<String> response) {
            bodies.add(response.body());
            response.headers().map().forEach((name, values) -> bodies.add(name + ": " + values));
            return response;
        }

        private URI uri(String path) {
            return URI.create("http://127.0.0.1:" + app.port() + path);
        }
    }
}
