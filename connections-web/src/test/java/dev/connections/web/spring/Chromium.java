package dev.connections.web.spring;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium for the page's browser test (as the example host's browser tests start it): fixed
 * paths, never a downloaded driver, a throw-away profile. Without Chromium the test is skipped, except on CI
 * ({@code CI=true}) where it fails.
 */
final class Chromium implements AutoCloseable {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium warns that it has no DevTools bindings for this Chromium; only WebDriver and raw CDP are used. */
    private static final List<java.util.logging.Logger> QUIET_SELENIUM_LOGGERS = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium with a 1280 × 1000 window in English, or skips (fails on CI) the calling test. */
    static Chromium start() throws IOException {
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
        Path profile = Files.createTempDirectory("connections-web-chromium-");
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
                "--lang=en-US",
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US"));
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

    /** What the viewport shows, as a PNG in {@code file}. */
    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
    }

    /** Lays pages out as in a dark ({@code true}) or light system theme. */
    void darkTheme(boolean dark) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    @Override
    public void close() throws IOException {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
