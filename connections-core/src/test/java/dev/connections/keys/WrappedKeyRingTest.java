package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.KeyRing;
import dev.connections.crypto.SecretCipher;
import dev.connections.crypto.TestKeys;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.spi.KeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WrappedKeyRingTest {
    private final byte[] k1 = TestKeys.key();
    private final byte[] masterBytes = TestKeys.key();
    private final MasterKey master = MasterKeys.aes("m1", masterBytes);
    private final KeyRing ring = TestKeys.ring("k1", k1);

    @TempDir
    Path dir;

    @Test
    void wrappedTextHoldsNoPlainKeyAndUnwrapsToTheSameRing() {
        String wrapped = WrappedKeyRing.wrap(ring, master);
        assertThat(wrapped).startsWith("master=m1;primary=k1;k1:").doesNotContain(TestKeys.base64(k1));
        KeyRing back = WrappedKeyRing.unwrap(wrapped, master);
        assertThat(back.primaryKeyId()).isEqualTo("k1");
        assertThat(back.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
    }

    @Test
    void aWrongOrDifferentlyNamedMasterKeyOrATamperedKeyIsRefusedWithoutKeyMaterial() {
        String wrapped = WrappedKeyRing.wrap(ring, master);
        assertThatThrownBy(() -> WrappedKeyRing.unwrap(wrapped, MasterKeys.aes("m2", TestKeys.key())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another master key than 'm2'");
        assertThatThrownBy(() -> WrappedKeyRing.unwrap(wrapped, MasterKeys.aes("m1", TestKeys.key())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the key of entry 3 does not unwrap with master key 'm1'")
                .hasMessageNotContaining(TestKeys.base64(k1));

        String value = wrapped.substring(wrapped.indexOf("k1:") + 3);
        byte[] bytes = Base64.getDecoder().decode(value);
        bytes[bytes.length - 1] ^= 1;
        String tampered = wrapped.replace(value, Base64.getEncoder().encodeToString(bytes));
        assertThatThrownBy(() -> WrappedKeyRing.unwrap(tampered, master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entry 3");

        // A wrapped key relabelled with another id does not unwrap: the id is authenticated.
        String twoKeys = WrappedKeyRing.addPrimary(wrapped, master, "k2");
        String k1Value = valueOf(twoKeys, "k1");
        String k2Value = valueOf(twoKeys, "k2");
        String swapped =
                twoKeys.replace(k1Value, "SWAP").replace(k2Value, k1Value).replace("SWAP", k2Value);
        assertThatThrownBy(() -> WrappedKeyRing.unwrap(swapped, master)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void plainAndWrappedRingsAreNotConfused() {
        String wrapped = WrappedKeyRing.wrap(ring, master);
        assertThatThrownBy(() -> KeyProviders.fromText(wrapped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrapped");
        assertThatThrownBy(() -> WrappedKeyRing.unwrap("k1:" + TestKeys.base64(k1), master))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not wrapped")
                .hasMessageNotContaining(TestKeys.base64(k1));
    }

    @Test
    void dataKeyRotationNeedsNoNewMasterKeyAndMasterRotationKeepsDataKeys() throws Exception {
        Path file = dir.resolve("keyring.wrapped");
        Files.writeString(file, WrappedKeyRing.wrap(ring, master));
        KeyProvider provider = KeyProviders.wrapped(file, master);
        SecretBinding binding = TestKeys.binding();
        SealedSecret underK1 = new SecretCipher(provider.keyRing()).seal(Secret.of("sk-wrapped"), binding);

        Files.writeString(file, WrappedKeyRing.addPrimary(Files.readString(file), master, "k2"));
        KeyRing reloaded = provider.keyRing();
        assertThat(reloaded.primaryKeyId()).isEqualTo("k2");
        assertThat(reloaded.keyIds()).containsExactly("k2", "k1");
        SecretCipher cipher = new SecretCipher(reloaded);
        SealedSecret underK2 = cipher.reseal(underK1, binding);
        assertThat(underK2.keyId()).isEqualTo("k2");

        Files.writeString(file, WrappedKeyRing.remove(Files.readString(file), master, "k1"));
        assertThat(provider.keyRing().keyIds()).containsExactly("k2");

        MasterKey newMaster = MasterKeys.aes("m2", TestKeys.key());
        String rewrapped = WrappedKeyRing.rewrap(Files.readString(file), master, newMaster);
        KeyRing underNewMaster =
                KeyProviders.wrapped(() -> rewrapped, newMaster).keyRing();
        assertThat(new SecretCipher(underNewMaster).open(underK2, binding).reveal())
                .isEqualTo("sk-wrapped");
    }

    @Test
    void masterKeyFromAPkcs12Entry() throws Exception {
        char[] password = "pw".toCharArray();
        Path file = dir.resolve("master.p12");
        KeyProvidersTest.writeKeyStore(file, password, Map.of("master-2026", masterBytes));
        MasterKey fromStore = MasterKeys.fromKeyStore(file, password, "master-2026");
        assertThat(fromStore.id()).isEqualTo("master-2026");
        String wrapped = WrappedKeyRing.wrap(ring, fromStore);
        assertThat(WrappedKeyRing.unwrap(wrapped, MasterKeys.aes("master-2026", masterBytes))
                        .key("k1")
                        .orElseThrow()
                        .getEncoded())
                .isEqualTo(k1);
        assertThat(fromStore.toString()).doesNotContain(TestKeys.base64(masterBytes));
        assertThatThrownBy(() -> MasterKeys.fromKeyStore(file, password, "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'nope'");
    }

    private static String valueOf(String text, String id) {
        for (String entry : text.split(";")) {
            if (entry.startsWith(id + ":")) {
                return entry.substring(id.length() + 1);
            }
        }
        throw new AssertionError("no " + id);
    }
}
