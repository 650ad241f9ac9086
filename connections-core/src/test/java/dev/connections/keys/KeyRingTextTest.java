package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.TestKeys;
import java.util.List;
import java.util.function.Supplier;
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

    /**
     * Issue 27: a base64 key pasted where its id belongs ({@code <key>:}) was echoed in "Key '<key>' must be
     * 32 bytes". No parser quotes anything of the text, whichever entry the key stands in.
     */
    @Test
    void aKeyPastedWhereAnIdBelongsIsNeverQuoted() {
        byte[] k1 = TestKeys.key();
        String b1 = TestKeys.base64(k1);
        // 43 letters and digits, a valid key id by the character rule and valid unpadded base64 of 32 bytes
        String idShapedKey = b1.replace('+', 'A').replace('/', 'B').replace("=", "");
        MasterKey master = MasterKeys.aes("m1", TestKeys.key());
        String wrapped = WrappedKeyRing.wrap(TestKeys.ring("k1", k1), master);
        String wrappedValue = wrapped.substring(wrapped.indexOf("k1:") + 3);
        String property = "connections.test.keyring." + System.nanoTime();
        List<String> texts = List.of(
                idShapedKey + ":",
                idShapedKey + ":" + b1,
                "k1:" + b1 + ";primary=" + idShapedKey,
                "k1:" + b1 + ";" + idShapedKey + ":" + b1,
                "k1:" + b1 + ";" + idShapedKey);
        for (String text : texts) {
            List<Supplier<Object>> readers = List.of(
                    () -> KeyProviders.fromText(text),
                    () -> {
                        System.setProperty(property, text);
                        try {
                            return KeyProviders.fromSystemProperty(property).keyRing();
                        } finally {
                            System.clearProperty(property);
                        }
                    },
                    () -> WrappedKeyRing.unwrap("master=m1;" + text, master));
            for (Supplier<Object> reader : readers) {
                assertThatThrownBy(reader::get)
                        .as(text)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("entry")
                        .hasMessageNotContaining(idShapedKey.substring(0, 12))
                        .hasMessageNotContaining(b1.substring(0, 12));
            }
        }
        for (String text : List.of("master=" + idShapedKey + ";k1:" + wrappedValue, "master=m1;" + idShapedKey + ":")) {
            assertThatThrownBy(() -> WrappedKeyRing.unwrap(text, master))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageNotContaining(idShapedKey.substring(0, 12));
        }
    }

    @Test
    void aWrappedValueThatDoesNotUnwrapIsNamedByItsEntry() {
        MasterKey master = MasterKeys.aes("m1", TestKeys.key());
        assertThatThrownBy(() -> WrappedKeyRing.unwrap("master=m1;primary=abc;abc:AAAA", master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key of entry 3 does not unwrap")
                .hasMessageNotContaining("abc");
    }
}
