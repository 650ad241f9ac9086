package dev.connections.examples.web;

import java.io.IOException;
import java.nio.file.Path;
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
}
