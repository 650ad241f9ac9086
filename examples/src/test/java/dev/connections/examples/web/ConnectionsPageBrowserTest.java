package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The help page's story, step by step, in headless Chromium against the running app: every step of
 * issue 6, with a screenshot of each main state under {@code target/screenshots/}.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromedriver} (see {@link Chromium}). Without them the
 * class is skipped, except on CI ({@code CI=true}) where it fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionsPageBrowserTest extends BrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static final String FIRST_KEY = "sk-first-aaaaaaaaaaaa1111";
    private static final String SECOND_KEY = "sk-second-bbbbbbbbbbb2222";
    private static final String REPLACEMENT_KEY = "sk-rotated-cccccccccc3333";
    private static final String SCRIPT_NAME = "<script>alert(1)</script>";

    private WebDriverWait wait;

    @BeforeAll
    void waitAndScreenshots() throws IOException {
        Files.createDirectories(SCREENSHOTS);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        // Search-as-you-type swaps the result list while a condition may be reading it.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @Test
    @Order(1)
    void addingAConnectionThroughThePopupConnectsTheAppWithCountOneAndTheDefaultBadge() {
        open("/w/acme/settings/connections");
        assertThat(text(By.cssSelector("#connected-apps"))).contains("Your connected apps", "No connected apps yet");
        screenshot("01-connections-empty");

        clickAndWaitForPage(driver.findElement(By.cssSelector("#integration-list li[data-app=openai] a")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("OpenAI");
        // "Add connection" sits top right: right half of the page, above the connection list.
        var add = driver.findElement(By.id("add-connection")).getRect();
        assertThat(add.getX() + add.getWidth())
                .isGreaterThan(driver.manage().window().getSize().getWidth() * 3 / 4);
        assertThat(add.getY())
                .isLessThan(driver.findElement(By.id("connections")).getRect().getY());
        screenshot("02-app-detail");

        driver.findElement(By.id("add-connection")).click();
        WebElement dialog = visible(By.id("add-dialog"));
        WebElement name = dialog.findElement(By.name("name"));
        WebElement key = dialog.findElement(By.name("apiKey"));
        assertThat(dialog.getText()).contains("Name your connection", "API key", "Save");
        assertThat(name.getDomAttribute("placeholder")).isEqualTo("e.g. Our main key");
        assertThat(key.getDomAttribute("type")).isEqualTo("password");
        name.sendKeys("Our main key");
        key.sendKeys(FIRST_KEY);
        screenshot("03-add-connection-popup");
        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.save")));

        assertThat(rowNames()).containsExactly("Our main key");
        assertThat(defaultRow()).isEqualTo("Our main key");
        assertThat(connectedAppCount("openai")).isEqualTo(1);
    }

    @Test
    @Order(2)
    void aSecondConnectionMakesTheCountTwo() {
        addConnection("openai", "Backup key", SECOND_KEY);

        assertThat(rowNames()).containsExactlyInAnyOrder("Our main key", "Backup key");
        assertThat(defaultRow()).isEqualTo("Our main key");
        screenshot("04-two-connections");
        assertThat(connectedAppCount("openai")).isEqualTo(2);

        // Clicking the app in "Your connected apps" manages its connections.
        clickAndWaitForPage(driver.findElement(By.cssSelector("#connected-apps li[data-app=openai] a")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("OpenAI");
        assertThat(rowNames()).hasSize(2);
    }

    @Test
    @Order(3)
    void setAsDefaultMovesTheBadge() {
        openApp("openai");
        clickAndWaitForPage(row("Backup key").findElement(By.cssSelector("button.set-default")));

        assertThat(defaultRow()).isEqualTo("Backup key");
        assertThat(row("Our main key").findElements(By.cssSelector(".badge.default")))
                .isEmpty();
        screenshot("05-default-moved");
    }

    @Test
    @Order(4)
    void editRenamesAConnection() {
        openApp("openai");
        WebElement dialog = openDialogOf(row("Our main key"), "button.edit");
        WebElement name = dialog.findElement(By.name("name"));
        name.clear();
        name.sendKeys("Old main key");
        screenshot("06-edit-popup");
        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.save")));

        assertThat(rowNames()).containsExactlyInAnyOrder("Old main key", "Backup key");
    }

    @Test
    @Order(5)
    void editReplacesTheKeyShowingOnlyHints() {
        openApp("openai");
        WebElement dialog = openDialogOf(row("Old main key"), "button.edit");
        WebElement newKey = dialog.findElement(By.cssSelector("input.new-key"));
        assertThat(newKey.isDisplayed()).isFalse();
        assertThat(dialog.findElement(By.cssSelector(".current-key")).getText()).contains("…1111");
        dialog.findElement(By.cssSelector("button.edit-key")).click();
        wait.until(ExpectedConditions.visibilityOf(newKey));
        assertThat(newKey.getDomAttribute("type")).isEqualTo("password");
        assertThat(newKey.getDomProperty("value")).isEmpty();
        newKey.sendKeys(REPLACEMENT_KEY);
        screenshot("07-replace-key");
        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.save")));

        assertThat(row("Old main key").getText()).contains("…3333").doesNotContain("…1111");
        assertThat(driver.getPageSource()).doesNotContain(FIRST_KEY, SECOND_KEY, REPLACEMENT_KEY);
    }

    @Test
    @Order(6)
    void deleteAsksFirstCancelKeepsTheRowDeleteRemovesItAndTheBadgeMoves() {
        openApp("openai");
        WebElement dialog = openDialogOf(row("Backup key"), "button.trash");
        assertThat(dialog.getText()).contains("Delete custom key", "Delete", "Cancel");
        screenshot("08-delete-confirmation");
        dialog.findElement(By.cssSelector("button.cancel")).click();
        wait.until(ExpectedConditions.invisibilityOf(dialog));
        assertThat(rowNames()).containsExactlyInAnyOrder("Old main key", "Backup key");

        dialog = openDialogOf(row("Backup key"), "button.trash");
        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.confirm-delete")));

        assertThat(rowNames()).containsExactly("Old main key");
        assertThat(defaultRow()).isEqualTo("Old main key");
        screenshot("09-after-delete");
    }

    @Test
    @Order(7)
    void testTriggerShowsTheConnectionResolveDefaultUses() {
        openApp("openai");
        clickAndWaitForPage(driver.findElement(By.id("test-trigger")));

        WebElement result = visible(By.id("trigger-result"));
        assertThat(result.findElement(By.cssSelector(".trigger-name")).getText())
                .isEqualTo("Old main key");
        assertThat(result.findElement(By.cssSelector(".trigger-hint")).getText())
                .isEqualTo("…3333");
        assertThat(driver.getPageSource()).doesNotContain(REPLACEMENT_KEY);
        screenshot("10-test-trigger");
    }

    @Test
    @Order(8)
    void aStaleEditFromAnotherTabShowsAClearMessageAndChangesNothing() {
        openApp("openai");
        String firstTab = driver.getWindowHandle();
        WebElement dialog = openDialogOf(row("Old main key"), "button.edit");
        WebElement name = dialog.findElement(By.name("name"));
        name.clear();
        name.sendKeys("Edited in the first tab");

        driver.switchTo().newWindow(WindowType.TAB);
        openApp("openai");
        WebElement other = openDialogOf(row("Old main key"), "button.edit");
        WebElement otherName = other.findElement(By.name("name"));
        otherName.clear();
        otherName.sendKeys("Main key");
        clickAndWaitForPage(other.findElement(By.cssSelector("button.save")));
        driver.close();
        driver.switchTo().window(firstTab);

        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.save")));
        assertThat(text(By.cssSelector(".notice.problem")))
                .contains("was changed in another tab or window", "nothing was saved");
        assertThat(rowNames()).containsExactly("Main key");
        screenshot("11-stale-edit");
    }

    @Test
    @Order(9)
    void searchFiltersTheCatalogAsYouType() {
        open("/w/acme/settings/connections");
        WebElement search = driver.findElement(By.id("integration-search"));
        search.sendKeys("sla");

        // Ranked search, filtered on the server as the user types: Slack first, unrelated apps gone.
        wait.until(d -> !integrationNames().isEmpty()
                && integrationNames().get(0).equals("Slack")
                && !integrationNames().contains("OpenAI"));
        screenshot("12-search-sla");
        clickAndWaitForPage(driver.findElement(By.cssSelector("#integration-list li[data-app=slack] a")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Slack");
    }

    @Test
    @Order(10)
    void aCustomConnectionAppearsInYourConnectedApps() {
        open("/w/acme/settings/connections");
        clickAndWaitForPage(driver.findElement(By.id("add-custom")));
        driver.findElement(By.id("appName")).sendKeys("Acme CRM");
        driver.findElement(By.id("baseUrl")).sendKeys("https://crm.acme.example/api");
        new Select(driver.findElement(By.id("authType"))).selectByValue("HEADER");
        WebElement header = driver.findElement(By.id("keyName"));
        header.clear();
        header.sendKeys("X-Api-Key");
        driver.findElement(By.id("keyPrefix")).clear();
        driver.findElement(By.id("connectionName")).sendKeys("Production");
        driver.findElement(By.id("apiKey")).sendKeys("crm-secret-4444");
        screenshot("13-custom-connection-form");
        clickAndWaitForPage(driver.findElement(By.cssSelector("#custom-form button.save")));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Acme CRM");
        assertThat(driver.findElement(By.cssSelector(".sent-as")).getText()).contains("X-Api-Key: <key>");
        assertThat(rowNames()).containsExactly("Production");
        assertThat(connectedAppNames()).contains("Acme CRM", "OpenAI");

        clickAndWaitForPage(driver.findElement(By.id("see-all")));
        assertThat(driver.findElements(By.cssSelector("#connected-apps .app-name")).stream()
                        .map(WebElement::getText))
                .containsExactly("Acme CRM", "OpenAI");
    }

    @Test
    @Order(11)
    void anEmptyNameShowsAFieldErrorNextToTheField() {
        openApp("openai");
        driver.findElement(By.id("add-connection")).click();
        WebElement dialog = visible(By.id("add-dialog"));
        dialog.findElement(By.name("apiKey")).sendKeys(SECOND_KEY);
        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.save")));

        dialog = visible(By.id("add-dialog"));
        WebElement error = dialog.findElement(By.cssSelector(".field-error[data-field=name]"));
        assertThat(error.getText()).isNotBlank();
        // The message sits right after the name field it is about.
        WebElement nameField = dialog.findElement(By.name("name"));
        assertThat(nameField.findElement(By.xpath("following-sibling::*[1]"))).isEqualTo(error);
        assertThat(nameField.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(dialog.findElement(By.name("apiKey")).getDomProperty("value"))
                .as("the typed key is not sent back")
                .isEmpty();
        assertThat(driver.getPageSource()).doesNotContain(SECOND_KEY);
        screenshot("14-field-error");
    }

    @Test
    @Order(12)
    void aScriptNamedConnectionRendersAsText() {
        addConnection("openai", SCRIPT_NAME, "sk-script-dddddddddd5555");

        assertThat(rowNames()).contains(SCRIPT_NAME);
        assertThat(alertShown()).isFalse();
        open("/w/acme/settings/connections");
        assertThat(alertShown()).isFalse();
        screenshot("15-connections-overview");
    }

    @Test
    @Order(13)
    void theOtherWorkspaceSeesNoneOfIt() {
        open("/w/acme/settings/connections");
        driver.findElement(By.id("workspace-menu-button")).click();
        clickAndWaitForPage(driver.findElement(By.cssSelector("#workspace-menu a[data-workspace=globex]")));

        assertThat(driver.findElement(By.id("workspace-menu-button")).getText()).isEqualTo("Globex Corporation");
        assertThat(driver.findElement(By.cssSelector("#workspace-menu a[aria-checked=true]"))
                        .getDomAttribute("data-workspace"))
                .isEqualTo("globex");
        assertThat(text(By.cssSelector("#connected-apps"))).contains("No connected apps yet");
        openApp("openai", "globex");
        assertThat(driver.findElements(By.cssSelector("li.connection"))).isEmpty();
        assertThat(driver.getPageSource()).doesNotContain("Main key", "Acme CRM");
        screenshot("16-other-workspace");
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void openApp(String appId) {
        openApp(appId, "acme");
    }

    private void openApp(String appId, String workspace) {
        open("/w/" + workspace + "/settings/connections/apps/" + appId);
    }

    private void addConnection(String appId, String name, String key) {
        openApp(appId);
        driver.findElement(By.id("add-connection")).click();
        WebElement dialog = visible(By.id("add-dialog"));
        dialog.findElement(By.name("name")).sendKeys(name);
        dialog.findElement(By.name("apiKey")).sendKeys(key);
        clickAndWaitForPage(dialog.findElement(By.cssSelector("button.save")));
    }

    private void clickAndWaitForPage(WebElement element) {
        chromium.clickAndWaitForPage(element);
    }

    private WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private WebElement openDialogOf(WebElement row, String buttonSelector) {
        WebElement button = row.findElement(By.cssSelector(buttonSelector));
        String id = button.getDomAttribute("data-open");
        button.click();
        return visible(By.id(id));
    }

    private String text(By by) {
        return driver.findElement(by).getText();
    }

    private List<String> rowNames() {
        return driver.findElements(By.cssSelector("li.connection .connection-name")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private WebElement row(String name) {
        return driver.findElements(By.cssSelector("li.connection")).stream()
                .filter(r -> r.findElement(By.cssSelector(".connection-name"))
                        .getText()
                        .equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row named " + name + " in " + rowNames()));
    }

    /** The name of the row with the Default badge; exactly one row has it. */
    private String defaultRow() {
        List<WebElement> rows = driver.findElements(By.cssSelector("li.connection")).stream()
                .filter(r -> !r.findElements(By.cssSelector(".badge.default")).isEmpty())
                .toList();
        assertThat(rows).as("rows with the Default badge").hasSize(1);
        assertThat(rows.get(0).findElement(By.cssSelector(".badge.default")).getText())
                .isEqualTo("Default");
        return rows.get(0).findElement(By.cssSelector(".connection-name")).getText();
    }

    /** Opens the overview and reads the count "Your connected apps" shows for {@code appId}. */
    private int connectedAppCount(String appId) {
        open("/w/acme/settings/connections");
        WebElement count = driver.findElement(By.cssSelector("#connected-apps li[data-app=" + appId + "] .count"));
        assertThat(count.getText())
                .endsWith(count.getDomAttribute("data-count").equals("1") ? "connection" : "connections");
        return Integer.parseInt(count.getDomAttribute("data-count"));
    }

    private List<String> connectedAppNames() {
        open("/w/acme/settings/connections");
        return driver.findElements(By.cssSelector("#connected-apps .app-name")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private List<String> integrationNames() {
        return driver.findElements(By.cssSelector("#integration-list .app-name")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private boolean alertShown() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    private void screenshot(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
