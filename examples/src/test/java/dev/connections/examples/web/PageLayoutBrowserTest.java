package dev.connections.examples.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page's layout and ways around it in headless Chromium, at a phone width (390 px) and a desktop
 * width (1280 px): long names stay inside their cards, the no-match state, post/redirect/get after a
 * rejected form, the way in through the workspace menu and Settings' left menu, and screenshots of the
 * main states under {@code target/screenshots/page/}.
 */
class PageLayoutBrowserTest extends BrowserTest {
    static final int PHONE = 390;
    static final int DESKTOP = 1280;
    /** 100 characters without a space or hyphen: the longest names the library accepts. */
    static final String LONG_APP =
            "NorthwindTradersEnterpriseResourcePlanningCustomerRelationshipManagement" + "PlatformGatewayProductionEUX";

    static final String LONG_CONNECTION =
            "ProductionReadOnlyServiceAccountKeyForTheNightlyInvoiceExport" + "AndReconciliationJobsEuropeWest1Primary";
    private static final String REJECTED_KEY = "layout-rejected-key-0000";
    private static final Path SHOTS = Path.of("target", "screenshots", "page");
    private static final WorkspaceId ACME = WorkspaceId.of("acme");

    private String longAppId;

    @Override
    WebApp startApp(Path dataDir) {
        Storage storage = TestApps.storage(dataDir, new ScriptedVerifier());
        longAppId = seed(storage.connections());
        return WebApp.start(storage, "127.0.0.1", 0);
    }

    /**
     * Eight connected apps: OpenAI with three connections, the long-named app and "Zeta Billing" with two,
     * five more with one each, so the overview's first six depend on the order it chooses.
     */
    private static String seed(Connections connections) {
        assertThat(LONG_APP).hasSize(100);
        assertThat(LONG_CONNECTION).hasSize(100);
        for (int i = 1; i <= 3; i++) {
            connections.addConnection(
                    ACME, IntegrationId.of("openai"), "OpenAI key " + i, Secret.of("sk-proj-layout-00000000000" + i));
        }
        String longId = custom(connections, LONG_APP, LONG_CONNECTION);
        custom(connections, LONG_APP, "Staging");
        custom(connections, "Zeta Billing", "Main");
        custom(connections, "Zeta Billing", "Backup");
        for (String name : List.of("Acme CRM", "Beta Analytics", "Cobalt Mail", "Delta Search", "Echo Forms")) {
            custom(connections, name, "Main");
        }
        return longId;
    }

    private static String custom(Connections connections, String appName, String connectionName) {
        try (Secret key = Secret.of("layout-key-" + connectionName.length() + "-0000")) {
            return connections
                    .addCustomConnection(
                            ACME,
                            CustomConnectionSpec.builder()
                                    .appName(appName)
                                    .baseUrl("https://api." + slug(appName) + ".example")
                                    .header("Authorization", "Bearer ")
                                    .connectionName(connectionName)
                                    .apiKey(key)
                                    .build())
                    .integration()
                    .value();
        }
    }

    /** A DNS label from the app's name (at most 20 letters, well below the 63 a label may have). */
    private static String slug(String appName) {
        String letters = appName.replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
        return letters.substring(0, Math.min(20, letters.length()));
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {PHONE, DESKTOP})
    void longNamesStayInsideTheViewportOnEveryPageThatShowsThem(int width) {
        chromium.viewport(width, 900);
        for (String path : List.of(
                "/w/acme/settings/connections", "/w/acme/settings/connections/apps", appPath(), customErrorPath())) {
            if (path.equals(customErrorPath())) {
                submitCustomFormWithErrors();
            } else {
                open(path);
            }
            assertFitsTheViewport(path, width);
        }
        // The popups name the app and the connection too.
        open(appPath());
        driver.findElement(By.id("add-connection")).click();
        assertFitsTheViewport("the add popup", width);
        driver.findElement(By.cssSelector("#add-dialog [data-close]")).click();
        driver.findElement(By.cssSelector("li.connection button.trash")).click();
        assertFitsTheViewport("the delete popup", width);
    }

    @ParameterizedTest(name = "{0} px")
    @ValueSource(ints = {PHONE, DESKTOP})
    void noMatchIsOneFullWidthMessageWithTheCustomConnectionAction(int width) {
        chromium.viewport(width, 900);
        open("/w/acme/settings/connections?q=zzqx");

        WebElement message = driver.findElement(By.id("no-match"));
        WebElement search = driver.findElement(By.id("integration-search"));
        assertThat(message.getText()).contains("No app matches “zzqx”");
        assertThat(message.getRect().getWidth())
                .as("as wide as the search field above it")
                .isEqualTo(search.getRect().getWidth());
        assertThat(driver.findElements(By.cssSelector("#integration-list li"))).isEmpty();
        WebElement action = message.findElement(By.id("no-match-custom"));
        assertThat(action.getText()).isEqualTo("Add a custom connection");
        assertThat(action.getDomAttribute("class")).isEqualTo("button");
        assertThat(action.findElements(By.xpath("ancestor::li")))
                .as("not drawn as an app card")
                .isEmpty();

        chromium.clickAndWaitForPage(action);
        assertThat(driver.getCurrentUrl()).endsWith("/w/acme/settings/connections/custom?appName=zzqx");
        assertThat(driver.findElement(By.id("appName")).getDomProperty("value")).isEqualTo("zzqx");
    }

    @Test
    void searchingAsYouTypeIntoNothingShowsTheSameMessage() {
        chromium.viewport(DESKTOP, 900);
        open("/w/acme/settings/connections");
        driver.findElement(By.id("integration-search")).sendKeys("zzqx");
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .until(d -> !d.findElements(By.id("no-match")).isEmpty());
        assertThat(driver.findElement(By.id("no-match-custom")).getDomAttribute("href"))
                .isEqualTo("/w/acme/settings/connections/custom?appName=zzqx");
    }

    @Test
    void aRejectedFormEndsOnAGetAddressWithTheTypedValuesButNotTheKey() {
        chromium.viewport(DESKTOP, 900);
        submitCustomFormWithErrors();

        String customPage = "http://127.0.0.1:" + app.port() + "/w/acme/settings/connections/custom";
        assertThat(driver.getCurrentUrl()).isEqualTo(customPage);
        assertThat(driver.executeScript("return performance.getEntriesByType('navigation')[0].type;"))
                .isEqualTo("navigate");
        assertThat(driver.findElement(By.id("connectionName")).getDomProperty("value"))
                .isEqualTo(LONG_CONNECTION);
        assertThat(driver.findElement(By.id("apiKey")).getDomProperty("value")).isEmpty();
        assertThat(driver.findElement(By.cssSelector(".key-again")).getText()).contains("Enter the API key again");
        assertThat(driver.getPageSource()).doesNotContain(REJECTED_KEY);

        // Reloading is a plain GET of the form (no "resubmit?" prompt), and the flash was used once.
        driver.navigate().refresh();
        assertThat(driver.getCurrentUrl()).isEqualTo(customPage);
        assertThat(driver.findElements(By.cssSelector(".field-error"))).isEmpty();
        assertThat(driver.findElement(By.id("connectionName")).getDomProperty("value"))
                .isEmpty();
    }

    @Test
    void theWayInIsTheWorkspaceMenuThenSettingsThenConnectionsInTheLeftMenu() {
        chromium.viewport(DESKTOP, 900);
        open(appPath());
        WebElement button = driver.findElement(By.id("workspace-menu-button"));
        WebElement menu = driver.findElement(By.id("workspace-menu"));
        assertThat(button.getText()).isEqualTo("Acme Inc.");
        assertThat(button.getDomAttribute("aria-haspopup")).isEqualTo("menu");
        assertThat(button.getDomAttribute("aria-expanded")).isEqualTo("false");
        assertThat(menu.isDisplayed()).isFalse();

        // Keyboard: Enter opens the menu on its first item, Settings; Down and Up move; Escape closes.
        button.sendKeys(Keys.ENTER);
        assertThat(menu.isDisplayed()).isTrue();
        assertThat(button.getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(focused().getText()).isEqualTo("Settings");
        assertThat(focused().getDomAttribute("role")).isEqualTo("menuitem");
        focused().sendKeys(Keys.ARROW_DOWN);
        assertThat(focused().getText()).isEqualTo("Acme Inc.");
        assertThat(focused().getDomAttribute("aria-checked")).isEqualTo("true");
        focused().sendKeys(Keys.ARROW_UP);
        focused().sendKeys(Keys.ESCAPE);
        assertThat(menu.isDisplayed()).isFalse();
        assertThat(focused()).isEqualTo(button);

        // Mouse: the menu, Settings, and Connections is the current item of Settings' left menu.
        button.click();
        chromium.clickAndWaitForPage(driver.findElement(By.id("menu-settings")));
        assertThat(driver.getCurrentUrl()).endsWith("/w/acme/settings/connections");
        WebElement current = driver.findElement(By.cssSelector(".settings-nav [aria-current]"));
        assertThat(current.getText()).isEqualTo("Connections");
        assertThat(current.getDomAttribute("aria-current")).isEqualTo("page");
        assertThat(driver.findElement(By.cssSelector(".settings-nav")).getDomAttribute("aria-labelledby"))
                .isEqualTo("settings-nav-title");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Connections");

        // The same menu switches workspace; the left menu leads back to Connections from an app page.
        driver.findElement(By.id("workspace-menu-button")).click();
        chromium.clickAndWaitForPage(driver.findElement(By.cssSelector("#workspace-menu a[data-workspace=globex]")));
        assertThat(driver.findElement(By.id("workspace-menu-button")).getText()).isEqualTo("Globex Corporation");
        open(appPath());
        chromium.clickAndWaitForPage(driver.findElement(By.id("settings-nav-connections")));
        assertThat(driver.getCurrentUrl()).endsWith("/w/acme/settings/connections");
    }

    @Test
    void screenshotsOfTheMainStatesAtBothWidths() {
        for (int width : List.of(PHONE, DESKTOP)) {
            chromium.viewport(width, 900);
            open("/w/acme/settings/connections");
            chromium.fullPageScreenshot(SHOTS.resolve("overview-" + width + ".png"));
            open(appPath());
            chromium.fullPageScreenshot(SHOTS.resolve("long-name-app-" + width + ".png"));
            open("/w/acme/settings/connections?q=zzqx");
            chromium.fullPageScreenshot(SHOTS.resolve("no-match-" + width + ".png"));
        }
        // The README's picture: the top of the overview as a desktop browser window shows it.
        chromium.viewport(DESKTOP, 860);
        open("/w/acme/settings/connections");
        chromium.viewportScreenshot(SHOTS.resolve("connections-page.png"));
    }

    private void submitCustomFormWithErrors() {
        open("/w/acme/settings/connections/custom");
        driver.findElement(By.id("appName")).sendKeys(LONG_APP + "X");
        driver.findElement(By.id("baseUrl")).sendKeys("ftp://" + LONG_CONNECTION + ".example");
        driver.findElement(By.id("connectionName")).sendKeys(LONG_CONNECTION);
        driver.findElement(By.id("apiKey")).sendKeys(REJECTED_KEY);
        chromium.clickAndWaitForPage(driver.findElement(By.cssSelector("#custom-form button.save")));
        assertThat(driver.findElements(By.cssSelector(".field-error"))).isNotEmpty();
    }

    private String appPath() {
        return "/w/acme/settings/connections/apps/" + longAppId;
    }

    private static String customErrorPath() {
        return "custom form with errors";
    }

    private WebElement focused() {
        return driver.switchTo().activeElement();
    }
}
