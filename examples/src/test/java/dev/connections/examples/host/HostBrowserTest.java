package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * What every browser test of the example host shares: the host behind the path prefix {@value #PREFIX} on
 * an in-memory H2 with a {@link ScriptedVerifier}, headless Debian {@link Chromium} signed in as a demo
 * user, waits, axe-core and screenshots.
 */
@SpringBootTest(
        classes = ExampleHost.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.servlet.context-path=" + HostBrowserTest.PREFIX,
            "spring.datasource.url=jdbc:h2:mem:browser-host;DB_CLOSE_DELAY=-1",
            "connections.keys.development-file=target/browser-host-keys.txt"
        })
@Import(HostBrowserTest.Verifier.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostBrowserTest {
    static final String PREFIX = "/acme-host";
    static final Path SCREENSHOTS = Path.of("target", "screenshots", "page");

    /** The key check the tests script instead of calling third-party APIs. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Verifier {
        @Bean
        ScriptedVerifier scriptedVerifier() {
            return new ScriptedVerifier();
        }
    }

    @LocalServerPort
    int port;

    Chromium chromium;
    ChromeDriver driver;

    /** The language the browser asks pages for. */
    String language() {
        return "en-US";
    }

    @BeforeAll
    final void startBrowser() throws IOException {
        chromium = Chromium.start(language());
        driver = chromium.driver();
    }

    @AfterAll
    final void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + PREFIX + path;
    }

    /** Signs in through the host's form login (a fresh session) and lands on the Connections page. */
    void signIn(String username, String password) {
        driver.manage().deleteAllCookies();
        driver.get(url("/login"));
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        chromium.clickAndWaitForPage(driver.findElement(By.cssSelector("button[type=submit]")));
        openPage("");
    }

    /** Opens the page at {@code hash} (e.g. {@code #/apps/openai}) and waits until its view is drawn. */
    void openPage(String hash) {
        driver.get(url("/settings/connections" + hash));
        waitFor("[data-connections] h1");
    }

    WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Clicks the element once the page stops replacing it: search results are redrawn as each typed character's
     * answer arrives, so the card found first may be gone by the time it is clicked.
     */
    void clickWhenSettled(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    d.findElement(By.cssSelector(css)).click();
                    return true;
                });
    }

    void waitUntilGone(String css) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    void waitForText(String css, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The connection row named {@code name} on an app page, once the list shows it. */
    WebElement row(String name) {
        // Looked up in the page in one step: the list is redrawn after every change.
        return new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(StaleElementReferenceException.class)
                .until(d -> (WebElement) script(
                        "return [...document.querySelectorAll('.cx-connection')].find(r =>"
                                + " r.querySelector('.cx-connection-name').textContent === arguments[0]) ?? null;",
                        name));
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(code, args);
    }

    /** Whether the focused element is inside the open popup. */
    boolean focusInDialog() {
        return Boolean.TRUE.equals(script("return !!document.activeElement.closest('dialog[open]');"));
    }

    /** axe-core (WCAG 2.0–2.2 A and AA rules) finds no serious or critical violation in what is shown now. */
    void assertAccessible(String state) {
        assertThat(driver.findElement(By.tagName("body")).getText())
                .as("text shown in %s", state)
                .doesNotContain("null", "undefined", "NaN", "[object");
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
                .analyze(driver);
        List<Rule> severe = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
        // One line per state, so a run's accessibility summary can be read off the build log.
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

    /** Neither the document nor any name, heading or field ends past the right edge of the viewport. */
    void assertFitsTheViewport(String where, int width) {
        Object scrollWidth = script("return document.documentElement.scrollWidth;");
        assertThat(((Number) scrollWidth).intValue())
                .as("document width of %s at %d px", where, width)
                .isLessThanOrEqualTo(width);
        Object beyond = script(
                """
                return Array.from(document.querySelectorAll(arguments[1]))
                    .filter(e => e.getClientRects().length > 0)
                    .filter(e => e.getBoundingClientRect().right > arguments[0] + 0.5)
                    .map(e => e.tagName + '.' + e.className + ' ends at ' + e.getBoundingClientRect().right);
                """,
                width,
                ".cx-app-name, .cx-connection-name, h1, h2, .cx-breadcrumb, dialog p, .cx-input, .cx-badge, .cx-button");
        assertThat((List<?>) beyond)
                .as("names, headings and fields past the right edge of %s at %d px", where, width)
                .isEmpty();
    }
}
