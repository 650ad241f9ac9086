package dev.connections.web.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import dev.connections.Connections;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.tck.TckOAuthCatalog;
import dev.connections.tck.TckOAuthProvider;
import dev.connections.tck.TickingClock;
import dev.connections.web.spring.security.SpringSecurityConnectionsAccess;
import dev.connections.web.spring.security.WorkspaceResolver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * "Connect with ⟨app⟩" in headless Chromium, in a host behind a context path with form login and CSRF: the
 * browser goes to the provider's consent page and is redirected to the API's callback (a top-level GET with the
 * session and no CSRF token) and back to the page, which says so in its live region; the provider then refuses
 * the grant and the page shows "Needs reconnect" on the row and the overview, and Reconnect runs the flow again;
 * a declined consent is a clear message; client credentials connect at once; deleting says the access was
 * revoked. A custom app described by its OAuth 2.0 endpoints is connected from the custom form (chosen by
 * keyboard, errors at their fields). axe-core checks every state; no token or client secret reaches the page.
 */
@SpringBootTest(
        classes = ConnectionsOAuthPageBrowserTest.Host.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.servlet.context-path=/host",
            "connections.keys.development=true",
            "connections.keys.development-file=target/oauth-browser-keys.txt"
        })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionsOAuthPageBrowserTest {
    private static final String WORKSPACE = "acme";
    private static final String DOCS = TckOAuthCatalog.DOCS.value();
    private static final String M2M = TckOAuthCatalog.M2M.value();
    private static final java.nio.file.Path SCREENSHOTS = java.nio.file.Path.of("target", "screenshots", "oauth");
    private static final Pattern TOKEN = Pattern.compile("\\b(at|rt)-[0-9]+-[A-Za-z0-9_-]{16}");

    /** A host with form login (CSRF on) whose one user manages the workspace "acme". */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import({OAuthTestHost.class, ConsentPage.class})
    static class Host {
        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(User.withUsername("alice")
                    .password("{noop}alice-pw")
                    .authorities(SpringSecurityConnectionsAccess.MANAGE)
                    .build());
        }

        @Bean
        WorkspaceResolver workspaceResolver() {
            return authentication -> Optional.of(WorkspaceId.of(WORKSPACE));
        }

        @Bean
        SecurityFilterChain security(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.requestMatchers("/test-provider/**")
                            .permitAll()
                            .anyRequest()
                            .authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    TckOAuthProvider provider;

    @Autowired
    TickingClock clock;

    @Autowired
    ConsentPage consent;

    @Autowired
    Connections connections;

    Chromium chromium;
    ChromeDriver driver;

    @BeforeAll
    void startBrowser() throws IOException {
        chromium = Chromium.start();
        driver = chromium.driver();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void connectsByOAuthShowsNeedsReconnectReconnectsAndDeletes() throws IOException {
        chromium.darkTheme(false);
        signIn();

        // An OAuth app: "Connect with Docs Cloud" beside "Add connection".
        openPage("#/apps/" + DOCS);
        WebElement connect = waitFor("#cx-connect-oauth");
        assertThat(connect.getText()).isEqualTo("Connect with Docs Cloud");
        assertThat(driver.findElement(By.id("cx-add-connection")).isDisplayed()).isTrue();
        assertAccessible("OAuth app page");
        chromium.screenshot(SCREENSHOTS.resolve("app.png"));

        // By keyboard: Tab reaches it, Enter opens the popup with focus on the name, Escape closes it and
        // focus returns to the button.
        tabTo("#cx-connect-oauth");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        waitFor("dialog[open]");
        assertThat(script("return document.activeElement.name;")).isEqualTo("name");
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
        waitUntilGone("dialog[open]");
        new WebDriverWait(driver, Duration.ofSeconds(5))
                .until(d -> "cx-connect-oauth".equals(script("return document.activeElement.id;")));

        // Name it, then Enter: the browser goes to the provider and comes back through the callback.
        connect.click();
        waitFor("dialog[open]");
        assertThat(driver.findElement(By.cssSelector("dialog h2")).getText()).isEqualTo("Connect with Docs Cloud");
        assertAccessible("connect popup");
        chromium.screenshot(SCREENSHOTS.resolve("connect-popup.png"));
        WebElement name = driver.findElement(By.cssSelector("dialog [name=name]"));
        name.sendKeys("Team docs");
        name.sendKeys(Keys.ENTER);
        waitForText(".cx-notice", "“Team docs” is connected to Docs Cloud.");
        waitForText(".cx-live", "“Team docs” is connected to Docs Cloud.");
        assertThat(driver.getCurrentUrl())
                .as("the result is dropped from the address")
                .endsWith("/host/settings/connections#/apps/" + DOCS);
        assertThat(row("Team docs").getText())
                .contains("Team docs", "Default", "Connected with OAuth")
                .doesNotContain("API key", "Needs reconnect");
        assertThat(all(".cx-connection .cx-reconnect")).isEmpty();
        assertAccessible("app page after connecting");

        // The provider forgets the grant; the next refresh is refused and the connection needs a reconnect.
        provider.revokeAllGrants();
        clock.advance(Duration.ofMinutes(56));
        // The core confirms a first invalid_grant by a second one before flagging the connection (another
        // instance may have spent the refresh token); meanwhile the still-valid access token serves.
        connections
                .resolveDefault(WorkspaceId.of(WORKSPACE), TckOAuthCatalog.DOCS)
                .withKey(Secret::reveal);
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(() -> connections
                        .resolveDefault(WorkspaceId.of(WORKSPACE), TckOAuthCatalog.DOCS)
                        .withKey(Secret::reveal))
                .isInstanceOf(ReconnectRequiredException.class);
        openPage("#/apps/" + DOCS);
        assertThat(row("Team docs").getText()).contains("Needs reconnect");
        assertThat(waitFor("#cx-needs-reconnect").getText())
                .contains("Docs Cloud no longer accepts the sign-in of “Team docs”");
        assertAccessible("needs reconnect");
        chromium.screenshot(SCREENSHOTS.resolve("needs-reconnect.png"));
        chromium.viewport(390, 900);
        chromium.darkTheme(true);
        openPage("#/apps/" + DOCS);
        waitFor("#cx-needs-reconnect");
        assertFitsTheViewport("needs reconnect at 390 px, dark", 390);
        assertAccessible("needs reconnect at 390 px, dark");
        chromium.screenshot(SCREENSHOTS.resolve("needs-reconnect-390-dark.png"));
        chromium.viewport(1280, 1000);
        chromium.darkTheme(false);
        openPage("");
        WebElement card = waitFor("#cx-connected .cx-app-card[data-app='" + DOCS + "']");
        assertThat(card.getText()).contains("Docs Cloud", "Needs reconnect");
        // Explore marks the apps that connect by signing in.
        driver.findElement(By.cssSelector("#cx-explore input[type=search]")).sendKeys("Metrics M2M");
        assertThat(waitFor("#cx-results .cx-app-card[data-app='" + M2M + "'] .cx-oauth")
                        .getText())
                .isEqualTo("OAuth");
        assertAccessible("overview with an app needing a reconnect");
        chromium.screenshot(SCREENSHOTS.resolve("overview-needs-reconnect.png"));

        // Reconnect runs the flow again and keeps the connection.
        openPage("#/apps/" + DOCS);
        String id = row("Team docs").getAttribute("data-id");
        WebElement reconnect = row("Team docs").findElement(By.cssSelector(".cx-reconnect"));
        assertThat(reconnect.getAttribute("aria-label")).isEqualTo("Reconnect Team docs");
        reconnect.click();
        waitForText(".cx-notice", "“Team docs” is connected to Docs Cloud.");
        assertThat(row("Team docs").getAttribute("data-id")).isEqualTo(id);
        assertThat(row("Team docs").getText()).contains("Default").doesNotContain("Needs reconnect");
        assertThat(all("#cx-needs-reconnect")).isEmpty();

        // Declined at the provider: back on the overview with a clear message, nothing stored.
        waitFor("#cx-connect-oauth").click();
        waitFor("dialog[open]");
        driver.findElement(By.cssSelector("dialog [name=name]")).sendKeys("Declined");
        consent.denyNext();
        driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        waitForText(".cx-notice.cx-problem", "Access was not granted at the app, so nothing was connected.");
        waitFor("#cx-connected");
        assertAccessible("overview after a declined consent");
        chromium.screenshot(SCREENSHOTS.resolve("declined.png"));
        openPage("#/apps/" + DOCS);
        row("Team docs");
        assertThat(all(".cx-connection")).hasSize(1);

        // Delete: the access is revoked at the provider, and the page says so.
        row("Team docs").findElement(By.cssSelector(".cx-delete")).click();
        waitFor("dialog[open]");
        assertThat(driver.findElement(By.cssSelector("dialog h2")).getText()).isEqualTo("Delete connection");
        assertAccessible("delete an OAuth connection");
        driver.findElement(By.id("cx-confirm-delete")).click();
        waitForText(".cx-notice", "Deleted “Team docs”. Its access was revoked at Docs Cloud.");

        // Client credentials: connected at once, without leaving the page.
        openPage("#/apps/" + M2M);
        waitFor("#cx-connect-oauth").click();
        waitFor("dialog[open]");
        driver.findElement(By.cssSelector("dialog [name=name]")).sendKeys("Service metrics");
        driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        waitForText(".cx-notice", "“Service metrics” is connected to Metrics M2M.");
        assertThat(row("Service metrics").getText()).contains("Connected with OAuth (app credentials)");
        assertAccessible("client credentials connection");
        chromium.screenshot(SCREENSHOTS.resolve("client-credentials.png"));

        assertThat(driver.getPageSource()).doesNotContainPattern(TOKEN).doesNotContain(OAuthTestHost.CLIENT_SECRET);
    }

    @Test
    void connectsACustomAppDescribedByItsOAuthEndpoints() throws IOException {
        chromium.viewport(1280, 1000);
        chromium.darkTheme(false);
        signIn();
        openPage("#/custom");
        waitFor("#cx-custom-form");
        assertThat(driver.findElement(By.cssSelector("#cx-custom-form [data-field=apiKey]"))
                        .isDisplayed())
                .isTrue();
        assertThat(all("#cx-custom-oauth")).noneMatch(WebElement::isDisplayed);

        // By keyboard: the access choice is a radio group; the arrow key picks OAuth 2.0, which shows its
        // endpoints and hides the key.
        tabTo("#cx-custom-form input[type=radio][value=KEY]");
        new Actions(driver).sendKeys(Keys.ARROW_RIGHT).perform();
        assertThat(script("return document.activeElement.value;")).isEqualTo("OAUTH2");
        assertThat(waitFor("#cx-custom-oauth").getText())
                .contains("Authorization URL", "Token URL", "Revocation URL (optional)", "Scopes (optional)");
        assertThat(driver.findElement(By.cssSelector("#cx-custom-form [data-field=apiKey]"))
                        .isDisplayed())
                .isFalse();
        assertThat(all("#cx-custom-form option[value=BASIC]")).noneMatch(WebElement::isEnabled);
        WebElement submit = driver.findElement(By.cssSelector("#cx-custom-form button[type=submit]"));
        assertThat(submit.getText()).isEqualTo("Continue to sign in");
        assertAccessible("custom app with OAuth 2.0");
        chromium.screenshot(SCREENSHOTS.resolve("custom-oauth.png"));

        // Errors are shown at their fields: a loopback authorization URL, no token URL.
        field("appName").sendKeys("Acme Wiki");
        field("baseUrl").sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://api.acme-wiki.example");
        field("oauth2.authorizationUrl").sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://127.0.0.1/authorize");
        field("oauth2.tokenUrl").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field("oauth2.scopes").sendKeys("wiki.read  wiki.write");
        new org.openqa.selenium.support.ui.Select(field("oauth2.clientAuthentication"))
                .selectByValue("CLIENT_SECRET_POST");
        field("name").sendKeys("Team wiki");
        submit.click();
        waitFor("[data-field='oauth2.authorizationUrl'] .cx-field-errors");
        waitFor("[data-field='oauth2.tokenUrl'] .cx-field-errors");
        assertThat(field("oauth2.authorizationUrl").getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(field("oauth2.tokenUrl").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(field("appName").getAttribute("aria-invalid")).isNull();
        assertThat(script("return document.activeElement.name;")).isEqualTo("oauth2.authorizationUrl");
        assertThat(driver.findElement(By.cssSelector(".cx-error-summary")).getText())
                .contains("Authorization URL:", "Token URL:");
        assertAccessible("custom app with OAuth 2.0, errors");
        chromium.screenshot(SCREENSHOTS.resolve("custom-oauth-errors.png"));

        // Corrected: the browser goes to the provider's consent page and back through the callback.
        field("oauth2.authorizationUrl")
                .sendKeys(Keys.chord(Keys.CONTROL, "a"), "https://auth.acme-wiki.example/oauth/authorize");
        field("oauth2.tokenUrl").sendKeys("https://auth.acme-wiki.example/oauth/token");
        field("oauth2.revocationUrl").sendKeys("https://auth.acme-wiki.example/oauth/revoke");
        submit.click();
        waitForText(".cx-notice", "“Team wiki” is connected to Acme Wiki.");
        assertThat(driver.getCurrentUrl()).contains("/host/settings/connections#/apps/custom-acme-wiki-");
        assertThat(row("Team wiki").getText()).contains("Team wiki", "Default", "Connected with OAuth");
        assertAccessible("custom OAuth app after connecting");

        String app = driver.getCurrentUrl().replaceAll(".*#/apps/", "");
        String token = connections
                .resolveDefault(WorkspaceId.of(WORKSPACE), dev.connections.id.IntegrationId.of(app))
                .withKey(Secret::reveal);
        assertThat(provider.accepts(token)).isTrue();
        assertThat(driver.getPageSource())
                .doesNotContain(token)
                .doesNotContainPattern(TOKEN)
                .doesNotContain(OAuthTestHost.CLIENT_SECRET);

        // Deleting it revokes the access at the custom app's revocation endpoint.
        row("Team wiki").findElement(By.cssSelector(".cx-delete")).click();
        waitFor("dialog[open]");
        driver.findElement(By.id("cx-confirm-delete")).click();
        waitForText(".cx-notice", "Deleted “Team wiki”. Its access was revoked at Acme Wiki.");
    }

    /** The custom form's input named {@code name}. */
    private WebElement field(String name) {
        return driver.findElement(By.cssSelector("#cx-custom-form [name='" + name + "']"));
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + "/host" + path;
    }

    private void signIn() {
        driver.manage().deleteAllCookies();
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys("alice");
        driver.findElement(By.id("password")).sendKeys("alice-pw");
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(d -> !d.getCurrentUrl().contains("/login"));
    }

    /** Loads the page afresh at {@code hash}: going to the URL already shown would only move to its fragment. */
    private void openPage(String hash) {
        driver.get("about:blank");
        driver.get(url("/settings/connections" + hash));
        waitFor("[data-connections] h1");
    }

    private WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private void waitForText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    private void waitUntilGone(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    /** Presses Tab from the top of the page until {@code css} has the focus. */
    private void tabTo(String css) {
        script("document.activeElement?.blur(); window.scrollTo(0, 0);");
        for (int i = 0; i < 40; i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            if (Boolean.TRUE.equals(script("return document.activeElement.matches(arguments[0]);", css))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached " + css);
    }

    /** Neither the document nor any name, heading, badge or button ends past the right edge of the viewport. */
    private void assertFitsTheViewport(String where, int width) {
        assertThat(((Number) script("return document.documentElement.scrollWidth;")).intValue())
                .as("document width of %s", where)
                .isLessThanOrEqualTo(width);
        Object beyond = script(
                """
                return Array.from(document.querySelectorAll(arguments[1]))
                    .filter(e => e.getClientRects().length > 0)
                    .filter(e => e.getBoundingClientRect().right > arguments[0] + 0.5)
                    .map(e => e.tagName + '.' + e.className + ' ends at ' + e.getBoundingClientRect().right);
                """,
                width,
                ".cx-connection-name, h1, .cx-notice, .cx-badge, .cx-button, .cx-link, .cx-oauth-hint");
        assertThat((List<?>) beyond).as("past the right edge in %s", where).isEmpty();
    }

    private List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The connection row named {@code name}, once the list shows it. */
    private WebElement row(String name) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> (WebElement) ((JavascriptExecutor) driver)
                        .executeScript(
                                "return [...document.querySelectorAll('.cx-connection')].find(r =>"
                                        + " r.querySelector('.cx-connection-name').textContent === arguments[0])"
                                        + " ?? null;",
                                name));
    }

    /** axe-core (WCAG 2.0–2.2 A and AA) finds no serious or critical violation in what is shown now. */
    private void assertAccessible(String state) {
        assertThat(driver.findElement(By.tagName("body")).getText())
                .as("text shown in %s", state)
                .doesNotContain("null", "undefined", "NaN", "[object");
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(driver);
        List<Rule> severe = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
        System.out.printf(
                "axe-core %s: %d rules passed, %d violated (%s)%n",
                state,
                results.getPasses().size(),
                results.getViolations().size(),
                results.getViolations().stream()
                        .map(rule -> rule.getId() + ":" + rule.getImpact())
                        .collect(Collectors.joining(", ")));
        assertThat(severe)
                .as(
                        "serious or critical axe-core violations in %s:%n%s",
                        state,
                        severe.stream()
                                .map(rule -> rule.getId() + " (" + rule.getImpact() + "): "
                                        + rule.getNodes().stream()
                                                .map(node -> String.valueOf(node.getTarget()))
                                                .collect(Collectors.joining(", ")))
                                .collect(Collectors.joining("\n")))
                .isEmpty();
    }
}
