package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.verify.Verification;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * "Test" on a connection in headless Chromium: the verdict appears in that connection's row after the
 * redirect, the badges follow, and the page stays within 390 px and 1280 px. Leaves screenshots of the
 * tested app page under {@code target/screenshots/page/}.
 */
class ConnectionTestBrowserTest extends BrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots", "page");
    private static final String OPENAI = "/w/acme/settings/connections/apps/openai";
    private static final String REASON = "HTTP 401: Incorrect API key provided: sk-proj-…0001. You can find your"
            + " API key at https://platform.openai.com/account/api-keys.";

    private final ScriptedVerifier verifier = new ScriptedVerifier();

    @Override
    WebApp startApp(Path dataDir) {
        Storage storage = TestApps.storage(dataDir, verifier);
        Connections connections = storage.connections();
        WorkspaceId acme = WorkspaceId.of("acme");
        connections.addConnection(
                acme, IntegrationId.of("openai"), "Production", Secret.of("sk-proj-browser-000000000001"));
        connections.addConnection(
                acme, IntegrationId.of("openai"), "Staging", Secret.of("sk-proj-browser-000000000002"));
        return WebApp.start(storage, "127.0.0.1", 0);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {PageLayoutBrowserTest.PHONE, PageLayoutBrowserTest.DESKTOP})
    void testShowsTheVerdictInTheRowItWasClickedIn(int width) {
        chromium.viewport(width, 900);
        open(OPENAI);
        verifier.answer(Verification.Status.VALID, 200, "HTTP 200", Duration.ofMinutes(5));
        clickTest("Staging");
        verifier.answer(Verification.Status.INVALID, 401, REASON);
        clickTest("Production");

        // Post/redirect/get: the address is the app page again, pointing at the tested row.
        assertThat(driver.getCurrentUrl()).contains(OPENAI + "#connection-").doesNotContain("/test");
        WebElement production = row("Production");
        assertThat(production.findElement(By.className("test-result")).getText())
                .isEqualTo("Key rejected by OpenAI: " + REASON);
        assertThat(production.findElement(By.cssSelector(".badge.status")).getText())
                .isEqualTo("Key rejected by OpenAI");
        WebElement staging = row("Staging");
        assertThat(staging.findElements(By.className("test-result"))).isEmpty();
        assertThat(staging.findElement(By.cssSelector(".badge.status")).getText())
                .isEqualTo("Verified 5 min ago");
        assertThat(driver.findElement(By.id("needs-attention")).getText()).contains("“Production”");
        assertFitsTheViewport("the tested app page", width);
        chromium.fullPageScreenshot(SHOTS.resolve("tested-connection-" + width + ".png"));

        open("/w/acme/settings/connections");
        WebElement flag = driver.findElement(By.cssSelector("[data-app=openai] .badge.attention"));
        assertThat(flag.getText()).startsWith("Needs attention");
        // Screen readers hear why, as part of the app's link.
        assertThat(driver.findElement(By.cssSelector("[data-app=openai] a")).getAccessibleName())
                .contains("Needs attention", "the default key was rejected at its last check");
        assertFitsTheViewport("the overview with a flagged app", width);
    }

    private WebElement row(String name) {
        return driver.findElement(By.cssSelector("li.connection[data-name='" + name + "']"));
    }

    private void clickTest(String name) {
        chromium.clickAndWaitForPage(row(name).findElement(By.className("test-connection")));
    }
}
