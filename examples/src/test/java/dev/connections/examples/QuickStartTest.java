package dev.connections.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's quick start runs against the bundled catalog and tells the B1–B8 story. */
class QuickStartTest {

    @Test
    void printsTheWholeStoryWithoutEverPrintingAKey() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        QuickStart.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out)
                .contains("B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8")
                .contains("HubSpot", "Acme CRM", "[Default]", "Another workspace sees nothing");
        assertThat(out).doesNotContain("sk-proj-main-0000000001a2b", "sk-proj-rotated-00000000c3d4", "crm-secret-77f3");
    }
}
