package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What every browser test shares: headless {@link Chromium} and the app on a free port over its own
 * embedded database, both started once per class and stopped after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrowserTest {
    @TempDir
    static Path dataDir;

    WebApp app;
    Chromium chromium;
    ChromeDriver driver;

    /** Starts the app the tests drive; subclasses may put data in its storage first. */
    WebApp startApp(Path dataDir) {
        return TestApps.start(dataDir);
    }

    @BeforeAll
    final void startBrowserAndApp() throws IOException {
        chromium = Chromium.start();
        driver = chromium.driver();
        app = startApp(dataDir);
    }

    @AfterAll
    final void stopBrowserAndApp() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** Loads {@code path} of the app. */
    void open(String path) {
        driver.get("http://127.0.0.1:" + app.port() + path);
    }

    /** The document and every visible name, heading and text field end within {@code width}. */
    void assertFitsTheViewport(String where, int width) {
        Object scrollWidth = driver.executeScript("return document.documentElement.scrollWidth;");
        assertThat(((Number) scrollWidth).intValue())
                .as("document width of %s at %d px", where, width)
                .isLessThanOrEqualTo(width);
        // One script instead of a WebDriver round trip per element: the overview has a hundred names.
        Object beyond = driver.executeScript(
                """
                return Array.from(document.querySelectorAll(arguments[1]))
                    .filter(e => e.getClientRects().length > 0)
                    .filter(e => e.getBoundingClientRect().right > arguments[0])
                    .map(e => e.tagName + '.' + e.className + ' ends at ' + e.getBoundingClientRect().right);
                """,
                width,
                ".app-name, .connection-name, h1, h2, .breadcrumb, dialog p, input[type=text], .badge, .test-result, .last-used");
        assertThat((List<?>) beyond)
                .as("names, headings and fields past the right edge of %s at %d px", where, width)
                .isEmpty();
    }
}
