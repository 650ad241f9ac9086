package dev.connections.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A provider's reason at its limits: plain-text bodies, the 160-character line, short and empty keys. */
class ProviderReasonLimitsTest {
    private static final String KEY = "sk-unused-key";
    // "ab ab … a": 160 characters of harmless words.
    private static final String LINE_160 = "ab ".repeat(53) + "a";

    @Test
    void aShortPlainTextBodyIsTheReason() {
        assertThat(from("Invalid API key provided", "text/plain; charset=utf-8"))
                .isEqualTo("Invalid API key provided");
        assertThat(from("Invalid API key provided", "TEXT/PLAIN")).isEqualTo("Invalid API key provided");
        assertThat(from("Invalid API key provided", "text/html")).isEmpty();
        assertThat(from("Invalid API key provided", null)).isEmpty();
    }

    @Test
    void aPlainTextBodyOfUpTo160CharactersIsShownAndALongerOneIsNot() {
        assertThat(LINE_160).hasSize(160);
        assertThat(from(LINE_160, "text/plain")).isEqualTo(LINE_160);
        // A longer text is likely a page, not a reason: nothing rather than a cut-off fragment.
        assertThat(from(LINE_160 + "b", "text/plain")).isEmpty();
    }

    @Test
    void aReasonOf160CharactersIsKeptWholeAndALongerOneEndsInAnEllipsis() {
        assertThat(ProviderReason.scrub(LINE_160, KEY)).isEqualTo(LINE_160);

        String cut = ProviderReason.scrub(LINE_160 + "b", KEY);
        assertThat(cut).hasSize(160).endsWith("…").startsWith(LINE_160.substring(0, 159));
    }

    @Test
    void aKeyTooShortToShareSixCharactersIsStillRemovedWhereItAppears() {
        assertThat(ProviderReason.scrub("key abc1 rejected, try xabc1y", "abc1"))
                .isEqualTo("key [redacted] rejected, try [redacted]");
    }

    @Test
    void withoutAKeyNothingIsRemovedForBeingPartOfIt() {
        assertThat(ProviderReason.scrub("Not authenticated", "")).isEqualTo("Not authenticated");
    }

    private static String from(String body, String contentType) {
        return ProviderReason.from(body.getBytes(StandardCharsets.UTF_8), contentType, KEY);
    }
}
