package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.crypto.TestKeys;
import org.junit.jupiter.api.Test;

class KeyRingTextTest {

    @Test
    void parsedTextShowsKeyIdsButNoKeyMaterial() {
        byte[] k1 = TestKeys.key();
        byte[] k2 = TestKeys.key();
        String text = "primary=k2;k1:" + TestKeys.base64(k1) + ";k2:" + TestKeys.base64(k2);

        KeyRingText.Parsed parsed = KeyRingText.parse(text, "the test text");

        assertThat(parsed.toString())
                .isEqualTo("KeyRingText.Parsed[master=null, primary=k2, keyIds=[k1, k2]]")
                .doesNotContain(TestKeys.base64(k1), TestKeys.base64(k2));
        parsed.wipe();
    }
}
