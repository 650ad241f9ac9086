package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.KeyRing;
import dev.connections.crypto.LogCapture;
import dev.connections.crypto.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Development key files that are generated or found, and KeyStores whose entries come in any order. */
class KeyProviderSourcesTest {
    @TempDir
    Path dir;

    @Test
    void eachGeneratedDevelopmentKeyIsRandomWithARandomId() {
        KeyRing one = KeyProviders.developmentKeyFile(dir.resolve("one.keys")).keyRing();
        KeyRing two = KeyProviders.developmentKeyFile(dir.resolve("two.keys")).keyRing();

        byte[] oneKey = one.key(one.primaryKeyId()).orElseThrow().getEncoded();
        byte[] twoKey = two.key(two.primaryKeyId()).orElseThrow().getEncoded();
        assertThat(oneKey).isNotEqualTo(new byte[32]).isNotEqualTo(twoKey);
        assertThat(one.primaryKeyId())
                .matches("dev-[0-9a-f]{8}")
                .isNotEqualTo(two.primaryKeyId())
                .isNotEqualTo("dev-00000000");
    }

    @Test
    void aDevelopmentKeyFileThatAlreadyExistsIsReadNotReplacedAndTheWarningSaysSo() throws Exception {
        byte[] key = TestKeys.key();
        Path file = dir.resolve("existing.keys");
        Files.writeString(file, "primary=mine;mine:" + TestKeys.base64(key), StandardCharsets.UTF_8);

        try (LogCapture logs = new LogCapture()) {
            KeyRing ring = KeyProviders.developmentKeyFile(file).keyRing();

            assertThat(ring.primaryKeyId()).isEqualTo("mine");
            assertThat(ring.key("mine").orElseThrow().getEncoded()).isEqualTo(key);
            assertThat(logs.at("WARN"))
                    .filteredOn(l -> l.contains(file.getFileName().toString()))
                    .singleElement()
                    .satisfies(l -> assertThat(l).contains("read from").doesNotContain("generated"));
        }
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .isEqualTo("primary=mine;mine:" + TestKeys.base64(key));
    }

    @Test
    void aKeyStoreWithoutThePrimaryListsItsEntriesInOrder() throws Exception {
        char[] password = "store-pass".toCharArray();
        Path file = dir.resolve("keys.p12");
        Map<String, byte[]> keys = new LinkedHashMap<>();
        keys.put("k3", TestKeys.key());
        keys.put("k1", TestKeys.key());
        keys.put("k2", TestKeys.key());
        KeyProvidersTest.writeKeyStore(file, password, keys);

        assertThatThrownBy(() -> KeyProviders.fromKeyStore(file, password, "k9").keyRing())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("(entries: [k1, k2, k3])");
    }
}
