package dev.connections.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The provider's reason is shown to people, so it must never carry the key, whole, in part or masked. */
class ProviderReasonTest {

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .withCharRange('0', '9')
                .withChars('-', '_', ':')
                .ofMinLength(8)
                .ofMaxLength(64);
    }

    @Property
    void noSixCharactersOfTheKeySurviveWhereverTheProviderEchoesThem(
            @ForAll("keys") String key,
            @ForAll @IntRange(min = 0, max = 10) int from,
            @ForAll @IntRange(min = 6, max = 64) int length,
            @ForAll("words") String before,
            @ForAll("words") String after) {
        int start = Math.min(from, key.length() - 6);
        String part = key.substring(start, Math.min(key.length(), start + length));
        String body = "{\"error\":{\"message\":\"" + before + " " + part + after + " and " + key + "\"}}";
        String reason = ProviderReason.from(body.getBytes(StandardCharsets.UTF_8), "application/json", key);
        for (int i = 0; i + 6 <= key.length(); i++) {
            assertThat(reason).doesNotContain(key.substring(i, i + 6));
        }
        assertThat(reason.length()).isLessThanOrEqualTo(ProviderReason.MAX_CHARS);
    }

    @Provide
    Arbitrary<String> words() {
        return Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(12);
    }

    @Test
    void takesTheMessageFromTheCommonErrorShapes() {
        assertThat(reason("{\"error\":{\"message\":\"Invalid token\"}}")).isEqualTo("Invalid token");
        assertThat(reason("{\"error\":\"invalid_auth\"}")).isEqualTo("invalid_auth");
        assertThat(reason("{\"errors\":[{\"message\":\"Bad credentials\"}]}")).isEqualTo("Bad credentials");
        assertThat(reason("{\"detail\":\"Not authenticated\"}")).isEqualTo("Not authenticated");
        assertThat(reason("<html>401</html>")).isEmpty();
        assertThat(reason("{\"message\":\"truncated")).isEmpty();
    }

    @Test
    void masksAndTokensAreRemovedAndTheLineIsClean() {
        assertThat(ProviderReason.scrub("Key sk-****abcd is not valid", "zzzzzzzz"))
                .isEqualTo("Key [redacted] is not valid");
        assertThat(ProviderReason.scrub("token ghp_0123456789abcdefghijABCDEFGHIJ revoked", "zzzzzzzz"))
                .isEqualTo("token [redacted] revoked");
        assertThat(ProviderReason.scrub("bad\u202Ekey\nline\u200Btwo", "zzzzzzzz"))
                .isEqualTo("bad key line two");
        assertThat(ProviderReason.scrub("x".repeat(400).replace("x", "ab "), "zzzzzzzz"))
                .hasSize(ProviderReason.MAX_CHARS)
                .endsWith("…");
    }

    private static String reason(String body) {
        return ProviderReason.from(body.getBytes(StandardCharsets.UTF_8), "application/json", "sk-unused-key");
    }
}
