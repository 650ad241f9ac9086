package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.KeyRing;
import dev.connections.crypto.TestKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edges of the key-ring text form: the longest key id, where '=' and ':' sit, and keys of the wrong size. */
class KeyRingTextLimitsTest {
    private static final String ID_32 = "k".repeat(32);
    private static final String ID_33 = "k".repeat(33);
    private final byte[] key = TestKeys.key();

    @Test
    void aKeyIdOf32CharactersIsReadAndOneOf33IsRefusedAsAPossiblyPastedKey() {
        KeyRing ring = KeyProviders.fromText("primary=" + ID_32 + ";" + ID_32 + ":" + TestKeys.base64(key))
                .keyRing();
        assertThat(ring.primaryKeyId()).isEqualTo(ID_32);

        assertThatThrownBy(() -> KeyProviders.fromText(ID_33 + ":" + TestKeys.base64(key))
                        .keyRing())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1 has a key id of 33 characters")
                .hasMessageNotContaining(ID_33);
    }

    @Test
    void aKeyIdOf32CharactersIsWrittenAndOneOf33IsNot() {
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put(ID_32, key);
        assertThat(KeyRingText.format(null, ID_32, values, ";")).startsWith("primary=" + ID_32 + ";" + ID_32 + ":");

        Map<String, byte[]> tooLong = Map.of(ID_33, key);
        assertThatThrownBy(() -> KeyRingText.format(null, ID_33, tooLong, ";"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 32 characters");
        assertThatThrownBy(() -> KeyRingText.format(ID_33, ID_32, values, ";"))
                .as("a master key id is written to the text too")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 32 characters");
    }

    @Test
    void anEntryStartingWithEqualsIsASettingWithoutAName() {
        assertThatThrownBy(() -> KeyRingText.parse("=k1:" + TestKeys.base64(key), "the test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The key ring in the test entry 1 is not 'primary=<key id>' or '<key id>:<base64 key>'.");
    }

    @Test
    void anEntryStartingWithAColonIsAKeyWithoutAnId() {
        // The base64 value may hold '=', so an '=' after the colon does not make it a setting.
        assertThatThrownBy(() -> KeyRingText.parse(":" + TestKeys.base64(key), "the test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The key ring in the test entry 1 has an invalid key id");
        assertThatThrownBy(() -> KeyRingText.parse(":k=1", "the test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("The key ring in the test entry 1 has an invalid key id");
    }

    @Test
    void aKeyOfTheWrongSizeIsNamedByItsEntryOrWithoutOneByItsId() {
        assertThatThrownBy(() -> KeyProviders.fromText("k1:" + TestKeys.base64(new byte[16]))
                        .keyRing())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 1 holds 16 bytes; a key is 32 bytes (AES-256)");
        // Keys that did not come from text (a KeyStore) have no entry number.
        assertThatThrownBy(() -> KeyRingText.build("k1", Map.of("k1", new byte[16]), Map.of(), "the store"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The key ring in the store key 'k1' holds 16 bytes; a key is 32 bytes (AES-256).");
    }
}
