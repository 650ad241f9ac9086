package dev.connections.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void toStringNeverShowsTheKey() {
        Secret secret = Secret.of("sk-live-1234567890");
        assertThat(secret.toString())
                .doesNotContain("sk-")
                .doesNotContain("7890")
                .isEqualTo("Secret[****]");
        assertThat(String.valueOf(secret)).isEqualTo("Secret[****]");
    }

    @Test
    void equalityIsIdentitySoAKeyNeverDecidesALookup() {
        Secret a = Secret.of("same-key");
        Secret b = Secret.of("same-key");
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isEqualTo(a);
        assertThat(a.matches(b)).isTrue();
        assertThat(a.matches(Secret.of("other-key"))).isFalse();
    }

    @Test
    void revealIsTheOnlyWayToThePlainValue() {
        char[] typed = "abc-123".toCharArray();
        Secret secret = Secret.of(typed);
        java.util.Arrays.fill(typed, 'x');
        assertThat(secret.reveal()).isEqualTo("abc-123");
        assertThat(secret.revealChars()).containsExactly("abc-123".toCharArray());
        assertThat(secret.length()).isEqualTo(7);
    }

    @Test
    void useWipesTheCopyItHandsOut() {
        Secret secret = Secret.of("wipe-me-please");
        char[][] seen = new char[1][];
        String result = secret.use(chars -> {
            seen[0] = chars;
            return new String(chars);
        });
        assertThat(result).isEqualTo("wipe-me-please");
        assertThat(new String(seen[0])).isEqualTo("\0".repeat(14));
        assertThat(secret.reveal()).isEqualTo("wipe-me-please");
    }

    @Test
    void wipedSecretCannotBeRead() {
        Secret secret = Secret.of("gone-soon");
        secret.wipe();
        assertThat(secret.isWiped()).isTrue();
        assertThatThrownBy(secret::reveal)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("gone");
        assertThat(secret.toString()).isEqualTo("Secret[****]");
    }

    @Test
    void hintShowsOnlyTheLastCharactersOfLongEnoughKeys() {
        assertThat(Secret.of("sk-abcdefgh1234").hint(4)).isEqualTo("…1234");
        assertThat(Secret.of("short").hint(4)).isEqualTo("…");
        assertThat(Secret.of("12345678").hint(4)).isEqualTo("…");
        assertThat(Secret.of("123456789").hint(4)).isEqualTo("…6789");
    }

    @Test
    void utf8BytesCoverNonAscii() {
        Secret secret = Secret.of("clé-鍵-🔑");
        assertThat(new String(secret.toUtf8Bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("clé-鍵-🔑");
    }

    @Test
    void aLoneSurrogateIsNeverEncodedAsAQuestionMark() {
        assertThatThrownBy(() -> Secret.of("key-\uD800-0123456789").toUtf8Bytes())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("position 5")
                .hasMessageNotContaining("key-");
        assertThatThrownBy(() -> Secret.of("key-\uDC00").toUtf8Bytes()).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThat(new String(
                        Secret.of("key-\uD83D\uDD11").toUtf8Bytes(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("key-\uD83D\uDD11");
    }

    @Test
    void aRangeOfCharactersIsCopiedAndTheCallerMayWipeItsArray() {
        char[] buffer = "xxsk-live-123yy".toCharArray();
        Secret secret = Secret.of(buffer, 2, 11);
        Arrays.fill(buffer, '\0');
        assertThat(secret.reveal()).isEqualTo("sk-live-123");
        assertThat(Secret.of(buffer, 15, 0).length()).isZero();
        assertThatThrownBy(() -> Secret.of(buffer, 10, 6)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Secret.of(buffer, -1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
