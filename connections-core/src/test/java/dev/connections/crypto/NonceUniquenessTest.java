package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NonceUniquenessTest {
    private static final int ENCRYPTIONS = 1_000_000;

    @Test
    void aMillionEncryptionsUnderOneKeyNeverRepeatANonce() {
        InMemoryKeyUsageCounter counter = new InMemoryKeyUsageCounter();
        SecretCipher cipher = new SecretCipher(TestKeys.ring("k1", TestKeys.key()), counter, KeyUsageLimits.defaults());
        SecretBinding binding = TestKeys.binding();
        Secret key = Secret.of("sk-nonce");
        // Each 96-bit nonce as (high 64 bits, low 32 bits) in two primitive arrays: 12 MB, rather than
        // ~100 MB for a million boxed nonces in a HashSet.
        long[] high = new long[ENCRYPTIONS];
        int[] low = new int[ENCRYPTIONS];
        for (int i = 0; i < ENCRYPTIONS; i++) {
            ByteBuffer nonce = ByteBuffer.wrap(cipher.seal(key, binding).payload(), 0, 12);
            high[i] = nonce.getLong();
            low[i] = nonce.getInt();
        }

        assertThat(counter.count("k1")).isEqualTo(ENCRYPTIONS);
        assertThat(repeats(high, low)).as("repeated nonces").isZero();
    }

    @Test
    void repeatDetectionFindsRepeatsAndOnlyRepeats() {
        assertThat(repeats(new long[] {5, 1, 5, 3, 5}, new int[] {7, 2, 7, 9, 7}))
                .isEqualTo(2);
        assertThat(repeats(new long[] {5, 1, 5, 3}, new int[] {7, 2, 8, 9})).isZero();
        assertThat(repeats(new long[] {1, 2, 3}, new int[] {4, 4, 4})).isZero();
    }

    /**
     * Number of nonces equal to an earlier one. Sorting the high words puts equal prefixes side by side;
     * only those rare prefixes (a 64-bit collision among a million is ~2^-25 likely) need the low words.
     */
    static long repeats(long[] high, int[] low) {
        long[] sorted = high.clone();
        Arrays.sort(sorted);
        long repeats = 0;
        for (int i = 1; i < sorted.length; i++) {
            boolean runStarts = sorted[i] == sorted[i - 1] && (i == 1 || sorted[i - 2] != sorted[i]);
            if (runStarts) {
                Set<Integer> lows = new HashSet<>();
                for (int j = 0; j < high.length; j++) {
                    if (high[j] == sorted[i] && !lows.add(low[j])) {
                        repeats++;
                    }
                }
            }
        }
        return repeats;
    }
}
