package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.verify.Verification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The help page's story (B1–B8) in the example host behind a path prefix, at 390 and 1280 px in the light
 * and the dark theme, with axe-core in every state. Each walk uses its own app so the walks stay independent.
 */
class ConnectionsPageBrowserTest extends HostBrowserTest {
    private static final String KEY_1 = "mainkey-0000000000000000000000000001a2b";
    private static final String KEY_2 = "backup-0000000000000000000000000003c4d";
    private static final String KEY_3 = "rotated-000000000000000000000000005e6f";

    @Autowired
    Connections connections;

    @Autowired
    ScriptedVerifier verifier;

    @ParameterizedTest(name = "{0} px, {1}")
    @CsvSource({
        "1280, light, mistral, Mistral AI",
        "1280, dark, cohere, Cohere",
        "390, light, deepl, DeepL",
        "390, dark, elevenlabs, ElevenLabs"
    })
    void walksTheHelpPage(int width, String theme, String app, String appName) {
        String state = width + "-" + theme;
        chromium.viewport(width, 900);
        chromium.darkTheme(theme.equals("dark"));
        signIn("alice", "alice-demo");
        assertThat(script("return getComputedStyle(document.body).backgroundColor;"))
                .isEqualTo(theme.equals("dark") ? "rgb(17, 24, 39)" : "rgb(246, 247, 251)");

        // B1 + B2: the overview, then search and open the app.
        waitFor("#cx-connected");
        waitFor("#cx-results .cx-app-card");
        assertAccessible("overview " + state);
        WebElement search = driver.findElement(By.cssSelector("#cx-explore input[type=search]"));
        search.sendKeys(appName);
        waitFor("#cx-results .cx-app-card[data-app='" + app + "']");
        clickWhenSettled("#cx-results .cx-app-card[data-app='" + app + "']");
        waitForText("h1", appName);
        assertThat(driver.getCurrentUrl()).contains(PREFIX + "/settings/connections#/apps/" + app);
        assertAccessible("empty app page " + state);

        // B3: a rejected add keeps everything typed, the key included, and ties every problem to its field.
        driver.findElement(By.id("cx-add-connection")).click();
        waitFor("dialog[open]");
        assertThat(focusInDialog()).as("focus moves into the popup").isTrue();
        WebElement name = driver.findElement(By.cssSelector("dialog [name=name]"));
        WebElement key = driver.findElement(By.cssSelector("dialog [name=apiKey]"));
        name.sendKeys("x".repeat(120));
        assertThat(driver.findElement(By.cssSelector("dialog .cx-counter")).getText())
                .contains("120 of 100", "20 too many");
        key.sendKeys(KEY_1);
        driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        waitFor("dialog .cx-error-summary");
        assertThat(name.getAttribute("aria-invalid")).isEqualTo("true");
        String errorId = name.getAttribute("aria-describedby").split(" ")[0];
        assertThat(driver.findElement(By.id(errorId)).getText()).isNotBlank();
        assertThat(name.getAttribute("value")).hasSize(120);
        assertThat(key.getAttribute("value")).as("the key stays typed").isEqualTo(KEY_1);
        assertThat(key.getAttribute("aria-invalid")).isNull();
        assertAccessible("add popup with errors " + state);
        chromium.fullPageScreenshot(SCREENSHOTS.resolve("add-errors-" + state + ".png"));
        name.clear();
        name.sendKeys("Main key");
        driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        waitUntilGone("dialog[open]");
        waitForText(".cx-notice", "Added “Main key”");
        assertThat(row("Main key").getText()).contains("Default", "…1a2b", "Not verified", "Never used");

        addConnection("Backup key", KEY_2);
        assertThat(row("Backup key").getText()).doesNotContain("Default");

        // B6: the Default badge moves.
        row("Backup key").findElement(By.cssSelector(".cx-set-default")).click();
        waitForText(".cx-notice", "“Backup key” is now the default.");
        assertThat(row("Backup key").getText()).contains("Default");
        assertThat(row("Main key").getText()).doesNotContain("Default");

        // B5: rename and replace the key in one edit; the old key is never shown.
        row("Backup key").findElement(By.cssSelector(".cx-edit")).click();
        waitFor("dialog[open]");
        assertThat(driver.findElement(By.cssSelector("dialog [name=apiKey]")).getAttribute("value"))
                .isEmpty();
        WebElement rename = driver.findElement(By.cssSelector("dialog [name=name]"));
        rename.clear();
        rename.sendKeys("Rotated key");
        driver.findElement(By.cssSelector("dialog [name=apiKey]")).sendKeys(KEY_3);
        driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        waitUntilGone("dialog[open]");
        waitForText(".cx-notice", "The API key was replaced.");
        assertThat(row("Rotated key").getText()).contains("Default", "…5e6f");

        // Test: the verdict under the row, and the badge.
        verifier.answer(Verification.Status.VALID, 200, "OK");
        row("Rotated key").findElement(By.cssSelector(".cx-test")).click();
        waitForText(".cx-test-result", "Verified just now.");
        assertThat(row("Rotated key").getText()).contains("Verified");
        assertAccessible("app page with two connections " + state);
        chromium.fullPageScreenshot(SCREENSHOTS.resolve("app-" + state + ".png"));

        // B8: the trigger path uses the page's default.
        assertThat(connections
                        .resolveDefault(WorkspaceId.of("acme"), IntegrationId.of(app))
                        .connection()
                        .name())
                .isEqualTo("Rotated key");

        // B7: "Delete custom key" → Cancel keeps it, Delete removes it and says who became the default.
        row("Rotated key").findElement(By.cssSelector(".cx-delete")).click();
        waitFor("dialog[open]");
        assertThat(driver.findElement(By.cssSelector("dialog h2")).getText()).isEqualTo("Delete custom key");
        assertAccessible("delete confirmation " + state);
        driver.findElement(By.xpath("//dialog//button[normalize-space()='Cancel']"))
                .click();
        waitUntilGone("dialog[open]");
        assertThat(row("Rotated key").isDisplayed()).isTrue();
        row("Rotated key").findElement(By.cssSelector(".cx-delete")).click();
        waitFor("dialog[open]");
        driver.findElement(By.id("cx-confirm-delete")).click();
        waitUntilGone("dialog[open]");
        waitForText(".cx-notice", "Deleted “Rotated key”. “Main key” is now the default.");
        assertThat(row("Main key").getText()).contains("Default");
        assertFitsTheViewport("app page " + state, width);

        // B1: the app is among the connected apps with its count.
        openPage("");
        WebElement card = waitFor("#cx-connected .cx-app-card[data-app='" + app + "']");
        assertThat(card.getText()).contains(appName, "1 connection");
        boolean seeAll = !all("#cx-see-all").isEmpty();
        long shown = all("#cx-connected .cx-app-card").size();
        long total = connections.connectedApps(WorkspaceId.of("acme")).size();
        assertThat(seeAll).as("See all only when more apps exist than shown").isEqualTo(total > shown);
        assertFitsTheViewport("overview " + state, width);
        chromium.fullPageScreenshot(SCREENSHOTS.resolve("overview-" + state + ".png"));

        // B4: a custom connection; a rejected base URL keeps the form as typed.
        WebElement explore = driver.findElement(By.cssSelector("#cx-explore input[type=search]"));
        explore.sendKeys("Acme CRM " + state);
        waitFor(".cx-no-match a.cx-button").click();
        waitFor("#cx-custom-form");
        assertThat(driver.findElement(By.cssSelector("[name=appName]")).getAttribute("value"))
                .isEqualTo("Acme CRM " + state);
        WebElement baseUrl = driver.findElement(By.cssSelector("[name=baseUrl]"));
        baseUrl.clear();
        baseUrl.sendKeys("http://169.254.169.254");
        driver.findElement(By.cssSelector("#cx-custom-form [name=name]")).sendKeys("CRM key");
        driver.findElement(By.cssSelector("#cx-custom-form [name=apiKey]")).sendKeys("crm-secret-77f3");
        driver.findElement(By.cssSelector("#cx-custom-form button[type=submit]"))
                .click();
        waitFor("#cx-custom-form .cx-error-summary");
        assertThat(baseUrl.getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(driver.findElement(By.cssSelector("#cx-custom-form [name=apiKey]"))
                        .getAttribute("value"))
                .isEqualTo("crm-secret-77f3");
        assertAccessible("custom form with errors " + state);
        assertFitsTheViewport("custom form " + state, width);
        baseUrl.clear();
        baseUrl.sendKeys("https://93.184.215.14/api");
        driver.findElement(By.cssSelector("#cx-custom-form button[type=submit]"))
                .click();
        waitForText(".cx-notice", "Added “CRM key”");
        assertThat(row("CRM key").getText()).contains("Default");
        assertThat(driver.getPageSource()).doesNotContain(KEY_1, KEY_2, KEY_3, "crm-secret-77f3");
    }

    private void addConnection(String name, String key) {
        driver.findElement(By.id("cx-add-connection")).click();
        waitFor("dialog[open]");
        driver.findElement(By.cssSelector("dialog [name=name]")).sendKeys(name);
        driver.findElement(By.cssSelector("dialog [name=apiKey]")).sendKeys(key);
        driver.findElement(By.cssSelector("dialog button[type=submit]")).click();
        waitUntilGone("dialog[open]");
        row(name);
    }
}
