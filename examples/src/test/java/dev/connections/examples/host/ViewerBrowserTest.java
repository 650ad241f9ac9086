package dev.connections.examples.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Bob, who may only view workspace {@code globex}, in a German browser: the page speaks German, offers no
 * button he may not use, shows nothing of Alice's workspace, and an unknown app is a plain "not found".
 */
class ViewerBrowserTest extends HostBrowserTest {

    @Override
    String language() {
        return "de-DE";
    }

    @Test
    void aViewerSeesTheGermanPageWithoutWriteButtons() {
        chromium.viewport(390, 900);
        chromium.darkTheme(true);
        signIn("bob", "bob-demo");
        assertThat(waitFor("#cx-connected h2").getText()).isEqualTo("Ihre verbundenen Apps");
        assertThat(script("return document.documentElement.lang;")).isEqualTo("de");
        waitFor("#cx-results .cx-app-card");
        assertThat(all("#cx-add-custom")).isEmpty();
        assertAccessible("viewer overview, German, dark, 390 px");

        openPage("#/apps/openai");
        waitForText("h1", "OpenAI");
        assertThat(all("#cx-add-connection, .cx-edit, .cx-delete, .cx-set-default, .cx-test"))
                .isEmpty();
        assertThat(waitFor("#cx-connections").getText()).contains("Noch keine Verbindungen");
        assertAccessible("viewer app page, German, dark, 390 px");

        openPage("#/apps/no-such-app");
        waitForText("h1", "Etwas ist schiefgegangen");
        assertThat(waitFor(".cx-notice").getText()).contains("gibt es nicht");
        assertAccessible("unknown app, German, dark, 390 px");
    }
}
