package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The key ring's id rule and what it and the cipher show of themselves. */
class KeyRingTest {
    @Test
    void aKeyIdIsOneToSixtyFourLettersDigitsDotsUnderscoresOrHyphens() {
        assertThat(KeyRing.isKeyId("k1")).isTrue();
        assertThat(KeyRing.isKeyId("key_2026-01.a")).isTrue();
        assertThat(KeyRing.isKeyId("k".repeat(64))).isTrue();
        assertThat(KeyRing.isKeyId("k".repeat(65))).isFalse();
        assertThat(KeyRing.isKeyId("")).isFalse();
        assertThat(KeyRing.isKeyId("k 1")).isFalse();
        assertThat(KeyRing.isKeyId("k/1")).isFalse();
        assertThatThrownBy(() -> KeyRing.builder().primary("k 1", TestKeys.key()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(KeyRing.KEY_ID_RULE);
    }

    @Test
    void listsItsKeyIdsPrimaryFirstAndKnowsWhichItHas() {
        KeyRing ring = KeyRing.builder()
                .decryptOnly("old-1", TestKeys.key())
                .primary("new", TestKeys.key())
                .decryptOnly("old-2", TestKeys.key())
                .build();
        assertThat(ring.keyIds()).containsExactly("new", "old-1", "old-2");
        assertThat(ring.contains("old-2")).isTrue();
        assertThat(ring.contains("old-3")).isFalse();
    }

    @Test
    void theCipherAndCounterShowKeyIdsAndCountsButNoKeyMaterial() {
        byte[] key = TestKeys.key();
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        SecretCipher cipher = new SecretCipher(TestKeys.ring("k1", key), counter, KeyUsageLimits.defaults());
        cipher.seal(Secret.of("sk-live-123"), TestKeys.binding());

        assertThat(cipher.toString())
                .contains("primary=k1", "AES-256-GCM")
                .doesNotContain(HexFormat.of().formatHex(key))
                .doesNotContain(Base64.getEncoder().encodeToString(key));
        assertThat(counter.toString()).isEqualTo("InMemoryKeyUsageCounter{k1=1}");
        assertThat(counter.add("k1", 0)).isEqualTo(1);
    }

    @Test
    void aDevelopmentRingHasAFreshRandomKeyEachTimeAndSaysSo() {
        try (LogCapture logs = new LogCapture()) {
            SecretCipher first = new SecretCipher(KeyRing.generateForDevelopment());
            SecretCipher second = new SecretCipher(KeyRing.generateForDevelopment());
            SecretBinding binding = TestKeys.binding();
            SealedSecret sealed = first.seal(Secret.of("sk-dev"), binding);

            assertThat(first.open(sealed, binding).reveal()).isEqualTo("sk-dev");
            byte[] firstKey = first.keyRing().primaryKey().getEncoded();
            byte[] secondKey = second.keyRing().primaryKey().getEncoded();
            assertThat(firstKey).hasSize(32).isNotEqualTo(secondKey).isNotEqualTo(new byte[32]);
            assertThat(logs.at("WARN")).hasSize(2).allSatisfy(line -> assertThat(line)
                    .contains("development encryption key"));
        }
    }
}
