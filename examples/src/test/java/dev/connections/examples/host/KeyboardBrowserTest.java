package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The add, edit and delete popups by keyboard only: Tab to the opener, Enter opens, focus is inside and
 * stays inside (Tab and Shift+Tab wrap), Escape closes, and focus returns to the opener.
 */
class KeyboardBrowserTest extends HostBrowserTest {

    @Test
    void addEditAndDeletePopupsWorkByKeyboardAlone() {
        chromium.viewport(1280, 900);
        chromium.darkTheme(false);
        signIn("alice", "alice-demo");
        openPage("#/apps/mistral");
        waitFor("#cx-add-connection");

        // Add: open, wrap both ways, close with Escape, focus back on the opener.
        tabTo("#cx-add-connection");
        keys(Keys.ENTER);
        waitFor("dialog[open]");
        assertThat(activeName()).isEqualTo("name");
        for (int i = 0; i < 8; i++) {
            keys(Keys.TAB);
            assertThat(focusInDialog()).as("Tab %d stays in the popup", i + 1).isTrue();
        }
        tabTo("dialog [name=name]");
        assertThat(activeName()).isEqualTo("name");
        shiftTab();
        assertThat(focusInDialog()).as("Shift+Tab from the first field wraps").isTrue();
        assertThat(activeText())
                .as("focused after Shift+Tab: %s", script("return document.activeElement.outerHTML;"))
                .isEqualTo("Save");
        keys(Keys.ESCAPE);
        waitUntilGone("dialog[open]");
        awaitFocus(this::activeId, "cx-add-connection");

        // Add for real: type, Enter submits, the row appears.
        keys(Keys.ENTER);
        waitFor("dialog[open]");
        keys("Keyboard key");
        keys(Keys.TAB);
        keys("kbd-000000000000000000000000000000009z9z");
        keys(Keys.ENTER);
        waitUntilGone("dialog[open]");
        row("Keyboard key");

        // Edit: the opener is the row's Edit button; Escape returns there.
        tabTo(".cx-connection .cx-edit");
        keys(Keys.ENTER);
        waitFor("dialog[open]");
        assertThat(focusInDialog()).isTrue();
        keys(Keys.ESCAPE);
        waitUntilGone("dialog[open]");
        awaitFocus(this::activeClass, "cx-edit");

        // Edit for real: rename by keyboard.
        keys(Keys.ENTER);
        waitFor("dialog[open]");
        // The current name is selected on open: typing replaces it.
        keys("Keyboard renamed");
        keys(Keys.ENTER);
        waitUntilGone("dialog[open]");
        waitForText(".cx-notice", "Renamed to “Keyboard renamed”.");

        // Delete: Cancel has the focus first; Escape returns to the Delete button; Tab + Enter deletes.
        tabTo(".cx-connection .cx-delete");
        keys(Keys.ENTER);
        waitFor("dialog[open]");
        assertThat(activeText()).isEqualTo("Cancel");
        keys(Keys.ESCAPE);
        waitUntilGone("dialog[open]");
        awaitFocus(this::activeClass, "cx-delete");
        keys(Keys.ENTER);
        waitFor("dialog[open]");
        keys(Keys.TAB);
        assertThat(activeText()).isEqualTo("Delete");
        keys(Keys.ENTER);
        waitUntilGone("dialog[open]");
        waitForText(".cx-notice", "Deleted “Keyboard renamed”.");
        awaitFocus(this::activeId, "cx-add-connection");
    }

    /**
     * Waits until the focused element's {@code probe} (id or class) contains {@code expected}: the page moves
     * the focus after it has drawn what a write changed, a moment after the dialog has closed.
     */
    private void awaitFocus(Supplier<String> probe, String expected) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(10))
                    .until(d -> probe.get().contains(expected));
        } catch (TimeoutException e) {
            assertThat(probe.get()).as("focus after the popup closed").contains(expected);
        }
    }

    /** Presses Tab until {@code css} has the focus (at most 60 times), as a keyboard user gets there. */
    private void tabTo(String css) {
        WebElement target = waitFor(css);
        for (int i = 0; i < 60; i++) {
            if (Boolean.TRUE.equals(script("return document.activeElement === arguments[0];", target))) {
                return;
            }
            keys(Keys.TAB);
        }
        throw new AssertionError("Tab never reached " + css);
    }

    private void shiftTab() {
        new Actions(driver)
                .keyDown(Keys.SHIFT)
                .sendKeys(Keys.TAB)
                .keyUp(Keys.SHIFT)
                .perform();
    }

    private void keys(CharSequence keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    private String activeName() {
        return String.valueOf(script("return document.activeElement.name;"));
    }

    private String activeText() {
        return String.valueOf(script("return document.activeElement.textContent;"));
    }

    private String activeId() {
        return String.valueOf(script("return document.activeElement.id;"));
    }

    private String activeClass() {
        return String.valueOf(script("return document.activeElement.className;"));
    }
}
