package dev.connections.examples.host;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium for the browser tests: started from fixed paths (never a downloaded driver),
 * with a throw-away profile, viewport control and full-page screenshots. Without Chromium a test is
 * skipped, except on CI ({@code CI=true}) where it fails.
 */
final class Chromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /**
     * Selenium warns that it has no DevTools bindings for this Chromium; the tests use WebDriver and raw
     * CDP commands only. Held here because java.util.logging keeps loggers weakly and would forget the level.
     */
    private static final List<java.util.logging.Logger> QUIET_SELENIUM_LOGGERS = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium with a 1280 × 1000 window, or skips (fails on CI) the calling test when it is missing. */
    static Chromium start() throws IOException {
        return start("en-US");
    }

    /** As {@link #start()}, asking pages for {@code language} (its Accept-Language). */
    static Chromium start(String language) throws IOException {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String message = "Browser test needs Debian's Chromium: apt-get install -y chromium chromium-driver"
                    + " (expects /usr/bin/chromium and /usr/bin/chromedriver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        QUIET_SELENIUM_LOGGERS.forEach(logger -> logger.setLevel(java.util.logging.Level.OFF));
        Path profile = Files.createTempDirectory("connections-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                "--window-size=1280,1000",
                "--lang=" + language,
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new Chromium(new ChromeDriver(service, options), profile);
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Lays pages out for a viewport {@code width} CSS pixels wide (desktop metrics, scale 1). */
    void viewport(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Lays pages out as in a dark ({@code true}) or light system theme ({@code prefers-color-scheme}). */
    void darkTheme(boolean dark) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** Clicks something that loads a new page and waits until it has replaced the current one. */
    void clickAndWaitForPage(WebElement element) {
        // A marker on the old page's window, not a stale-element check: while Chromium swaps documents,
        // asking about the old <html> node can fail with an inspector error instead of "stale".
        driver.executeScript("window.__connectionsOldPage = true;");
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return window.__connectionsOldPage === undefined && document.readyState === 'complete';")));
    }

    /** The whole document as a PNG, as wide and as tall as it really is (an overflowing page shows so). */
    void fullPageScreenshot(Path file) {
        Map<String, Object> size = castMap(driver.executeScript(
                "return {w: document.documentElement.scrollWidth," + " h: document.documentElement.scrollHeight};"));
        Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.get("w"), "height", size.get("h"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** What the viewport shows, as a PNG. */
    void viewportScreenshot(Path file) {
        write(file, driver.getScreenshotAs(OutputType.BYTES));
    }

    private static void write(Path file, byte[] png) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
