package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.TestKeys;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The built-in AES-256-GCM master key: fresh nonces, exact truncation limit, nothing secret in toString. */
class AesMasterKeyTest {
    private final byte[] keyBytes = TestKeys.key();
    private final MasterKey master = MasterKeys.aes("m1", keyBytes);
    private final byte[] dataKey = TestKeys.key();

    @Test
    void wrappingTheSameKeyTwiceGivesDifferentBytesThatBothUnwrap() {
        byte[] once = master.wrap("k1", dataKey);
        byte[] twice = master.wrap("k1", dataKey);

        // A fresh random nonce each time: equal wrapped bytes would reveal equal data keys.
        assertThat(Arrays.copyOf(once, 12)).isNotEqualTo(Arrays.copyOf(twice, 12));
        assertThat(once).isNotEqualTo(twice);
        assertThat(master.unwrap("k1", once)).isEqualTo(dataKey);
        assertThat(master.unwrap("k1", twice)).isEqualTo(dataKey);
    }

    @Test
    void aNonceAndATagAreTheShortestInputWorthDecrypting() {
        // 12 nonce bytes + 16 tag bytes: long enough to try, and refused as not unwrapping.
        assertThatThrownBy(() -> master.unwrap("k1", new byte[28]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not unwrap with master key 'm1'");
        assertThatThrownBy(() -> master.unwrap("k1", new byte[27]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A wrapped data key is truncated");
    }

    @Test
    void toStringNamesTheAlgorithmAndIdButNoKeyMaterial() {
        assertThat(master.toString())
                .isEqualTo("MasterKey[AES-256-GCM, id=m1]")
                .doesNotContain(TestKeys.base64(keyBytes));
    }
}
