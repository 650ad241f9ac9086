package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.ConnectionsException;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class KeyUsageLimitsTest {

    @Test
    void defaultsStayBelowTheNistBoundForRandomNonces() {
        KeyUsageLimits limits = KeyUsageLimits.defaults();
        assertThat(limits.hardLimit()).isLessThan(1L << 32).isEqualTo(3_865_470_566L);
        assertThat(limits.warnAt()).isEqualTo(1L << 31).isLessThan(limits.hardLimit());
    }

    @Test
    void limitsMustBeOrderedAndWithinTheNistBound() {
        assertThatThrownBy(() -> KeyUsageLimits.of(10, (1L << 32) + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyUsageLimits.of(11, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyUsageLimits.of(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThat(KeyUsageLimits.of(1L << 32, 1L << 32).hardLimit()).isEqualTo(KeyUsageLimits.NIST_MAXIMUM);
    }

    @Test
    void warnsFromTheThresholdAndRefusesPastTheHardLimitSayingToRotate() {
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        SecretCipher cipher = new SecretCipher(TestKeys.ring("k1", TestKeys.key()), counter, KeyUsageLimits.of(3, 5));
        SecretBinding binding = TestKeys.binding();
        try (LogCapture logs = new LogCapture()) {
            cipher.seal(Secret.of("sk-1"), binding);
            cipher.seal(Secret.of("sk-2"), binding);
            assertThat(logs.at("WARN")).isEmpty();
            cipher.seal(Secret.of("sk-3"), binding);
            assertThat(logs.at("WARN")).singleElement().asString().contains("'k1'", "rotate");
            cipher.seal(Secret.of("sk-4"), binding);
            cipher.seal(Secret.of("sk-5"), binding);
            assertThatThrownBy(() -> cipher.seal(Secret.of("sk-6"), binding))
                    .isInstanceOf(KeyUsageExceededException.class)
                    .isInstanceOf(ConnectionsException.class)
                    .hasMessageContaining("'k1'")
                    .hasMessageContaining("Rotate keys")
                    .satisfies(e -> {
                        KeyUsageExceededException x = (KeyUsageExceededException) e;
                        assertThat(x.keyId()).isEqualTo("k1");
                        assertThat(x.limit()).isEqualTo(5);
                    });
            assertThatThrownBy(() -> cipher.seal(Secret.of("sk-7"), binding))
                    .isInstanceOf(KeyUsageExceededException.class);
            assertThat(logs.at("ERROR")).singleElement().asString().contains("'k1'");
            assertThat(logs.all()).doesNotContain("sk-");
        }
    }

    @Test
    void anExhaustedKeyStillDecryptsAndANewPrimaryTakesOver() {
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        SecretCipher cipher = new SecretCipher(TestKeys.ring("k1", TestKeys.key()), counter, KeyUsageLimits.of(2, 2));
        SecretBinding binding = TestKeys.binding();
        var sealed = cipher.seal(Secret.of("sk-before"), binding);
        cipher.seal(Secret.of("sk-before-2"), binding);
        assertThatThrownBy(() -> cipher.seal(Secret.of("sk-after"), binding))
                .isInstanceOf(KeyUsageExceededException.class);
        assertThat(cipher.open(sealed, binding).reveal()).isEqualTo("sk-before");

        SecretCipher rotated = cipher.withKeyRing(cipher.keyRing().withNewPrimary("k2", TestKeys.key()));
        var moved = rotated.reseal(sealed, binding);
        assertThat(moved.keyId()).isEqualTo("k2");
        assertThat(counter.count("k2")).isEqualTo(1);
        assertThat(counter.count("k1")).isEqualTo(3);
    }

    @Test
    void aCounterThatAlreadyPassedTheThresholdWarnsOnTheFirstEncryption() {
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        counter.add("k1", 1_000);
        SecretCipher cipher =
                new SecretCipher(TestKeys.ring("k1", TestKeys.key()), counter, KeyUsageLimits.of(500, 100_000));
        try (LogCapture logs = new LogCapture()) {
            cipher.seal(Secret.of("sk-x"), TestKeys.binding());
            cipher.seal(Secret.of("sk-y"), TestKeys.binding());
            assertThat(logs.at("WARN")).singleElement().asString().contains("1001");
        }
    }

    @Test
    void theWarningRepeatsAboutTenTimesBetweenTheThresholdAndTheHardLimit() {
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        counter.add("k1", 6);
        // Every 10th encryption from the 7th on: (107 - 7) / 10 apart, counted from the threshold.
        SecretCipher cipher = new SecretCipher(TestKeys.ring("k1", TestKeys.key()), counter, KeyUsageLimits.of(7, 107));
        SecretBinding binding = TestKeys.binding();
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 101; i++) {
                cipher.seal(Secret.of("sk-" + i), binding);
            }
            assertThat(logs.at("WARN"))
                    .map(KeyUsageLimitsTest::performed)
                    .containsExactly(7L, 17L, 27L, 37L, 47L, 57L, 67L, 77L, 87L, 97L, 107L);
        }
    }

    @Test
    void theSmallestLimitsAllowOneEncryptionAndWarnOnIt() {
        assertThatThrownBy(() -> KeyUsageLimits.of(1, 0)).isInstanceOf(IllegalArgumentException.class);
        SecretBinding binding = TestKeys.binding();
        SecretCipher once = new SecretCipher(
                TestKeys.ring("k1", TestKeys.key()), new InMemoryKeyUsageCounter(), KeyUsageLimits.of(1, 1));
        try (LogCapture logs = new LogCapture()) {
            once.seal(Secret.of("sk-1"), binding);
            assertThat(logs.at("WARN")).map(KeyUsageLimitsTest::performed).containsExactly(1L);
            assertThatThrownBy(() -> once.seal(Secret.of("sk-2"), binding))
                    .isInstanceOf(KeyUsageExceededException.class);
            assertThat(logs.at("ERROR")).singleElement().asString().contains("hard limit of 1");
        }
        // A gap smaller than ten encryptions still warns on every one of them.
        SecretCipher twice = new SecretCipher(
                TestKeys.ring("k1", TestKeys.key()), new InMemoryKeyUsageCounter(), KeyUsageLimits.of(1, 5));
        try (LogCapture logs = new LogCapture()) {
            for (int i = 0; i < 5; i++) {
                twice.seal(Secret.of("sk-" + i), binding);
            }
            assertThat(logs.at("WARN")).map(KeyUsageLimitsTest::performed).containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    private static long performed(String line) {
        Matcher m = Pattern.compile("has performed (\\d+) of").matcher(line);
        assertThat(m.find()).as(line).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void inMemoryCounterCountsPerKeyId() {
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        assertThat(counter.count("k1")).isZero();
        assertThat(counter.add("k1", 2)).isEqualTo(2);
        assertThat(counter.add("k1", 3)).isEqualTo(5);
        assertThat(counter.add("k2", 1)).isEqualTo(1);
        assertThat(counter.snapshot()).containsEntry("k1", 5L).containsEntry("k2", 1L);
        assertThatThrownBy(() -> counter.add("k1", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
