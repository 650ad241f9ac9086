package dev.connections.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.KeyRing;
import dev.connections.crypto.LogCapture;
import dev.connections.crypto.SecretCipher;
import dev.connections.crypto.TestKeys;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.spi.KeyProvider;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyProvidersTest {
    private final byte[] k1 = TestKeys.key();
    private final byte[] k2 = TestKeys.key();
    private final String text = "primary=k2;k2:" + TestKeys.base64(k2) + ";k1:" + TestKeys.base64(k1);

    @TempDir
    Path dir;

    @Test
    void textFormNamesThePrimaryAndKeepsOlderKeysForDecryption() {
        KeyRing ring = KeyProviders.fromText(text).keyRing();
        assertThat(ring.primaryKeyId()).isEqualTo("k2");
        assertThat(ring.keyIds()).containsExactly("k2", "k1");
        assertThat(ring.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        assertThat(ring.key("k2").orElseThrow().getEncoded()).isEqualTo(k2);
    }

    @Test
    void textFormAcceptsLinesCommentsAndASingleKeyWithoutPrimary() {
        KeyRing lines = KeyProviders.fromText("# keys\nk2:" + TestKeys.base64(k2) + "\n\n")
                .keyRing();
        assertThat(lines.primaryKeyId()).isEqualTo("k2");
        KeyRing spaced = KeyProviders.fromText(
                        " primary = k1 ;\n k1 : " + TestKeys.base64(k1) + " ; k2:" + TestKeys.base64(k2))
                .keyRing();
        assertThat(spaced.primaryKeyId()).isEqualTo("k1");
        assertThat(spaced.keyIds()).containsExactly("k1", "k2");
    }

    @Test
    void malformedTextIsRejectedWithoutEchoingKeyMaterial() {
        String b1 = TestKeys.base64(k1);
        String b2 = TestKeys.base64(k2);
        Map<String, String> cases = Map.of(
                "k1:" + b1 + ";k2:" + b2,
                "primary=",
                "primary=k3;k1:" + b1,
                "primary= entry naming a key id that no entry has",
                b1,
                "entry 1",
                "k1:" + b1 + ";k1:" + b2,
                "entries 1 and 2 have the same key id",
                "k1:!!notbase64" + b1,
                "not valid base64",
                "k1:" + TestKeys.base64(new byte[16]),
                "32 bytes",
                "primary=k1",
                "no key",
                "bad id!:" + b1,
                "invalid key id");
        cases.forEach((bad, expected) -> assertThatThrownBy(() -> KeyProviders.fromText(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected)
                .hasMessageNotContaining(b1)
                .hasMessageNotContaining(b2));
    }

    @Test
    void environmentVariableIsReadOnEveryReloadAndAMissingOneSaysWhatToSet() {
        Map<String, String> env = new java.util.HashMap<>();
        KeyProvider provider = KeyProviders.fromEnvironment("CONNECTIONS_KEYS", env::get);
        assertThatThrownBy(provider::keyRing)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment variable CONNECTIONS_KEYS is not set")
                .hasMessageContaining("primary=");
        env.put("CONNECTIONS_KEYS", "k1:" + TestKeys.base64(k1));
        assertThat(provider.keyRing().primaryKeyId()).isEqualTo("k1");
        env.put("CONNECTIONS_KEYS", text);
        assertThat(provider.keyRing().primaryKeyId()).isEqualTo("k2");
        assertThat(provider.toString())
                .isEqualTo("KeyProvider[environment variable CONNECTIONS_KEYS]")
                .doesNotContain(TestKeys.base64(k1));
    }

    @Test
    void realEnvironmentProviderReportsAnUnsetVariable() {
        assertThatThrownBy(() -> KeyProviders.fromEnvironment("CONNECTIONS_TEST_SURELY_UNSET_KEYS")
                        .keyRing())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CONNECTIONS_TEST_SURELY_UNSET_KEYS");
    }

    @Test
    void systemPropertyProviderSeesANewPrimaryAfterReload() {
        String property = "connections.test.keys." + System.nanoTime();
        KeyProvider provider = KeyProviders.fromSystemProperty(property);
        try {
            System.setProperty(property, "k1:" + TestKeys.base64(k1));
            assertThat(provider.keyRing().primaryKeyId()).isEqualTo("k1");
            System.setProperty(property, text);
            assertThat(provider.keyRing().keyIds()).containsExactly("k2", "k1");
        } finally {
            System.clearProperty(property);
        }
    }

    @Test
    void fileProviderRereadsTheFile() throws Exception {
        Path file = dir.resolve("keys.txt");
        Files.writeString(file, "k1:" + TestKeys.base64(k1) + "\n");
        KeyProvider provider = KeyProviders.fromFile(file);
        assertThat(provider.keyRing().primaryKeyId()).isEqualTo("k1");
        Files.writeString(file, text.replace(';', '\n'));
        assertThat(provider.keyRing().primaryKeyId()).isEqualTo("k2");
        assertThatThrownBy(
                        () -> KeyProviders.fromFile(dir.resolve("missing.txt")).keyRing())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing.txt");
    }

    @Test
    void explicitBytesAreCopied() {
        byte[] mine = k1.clone();
        KeyProvider provider = KeyProviders.ofKey("k1", mine);
        java.util.Arrays.fill(mine, (byte) 0);
        assertThat(provider.keyRing().key("k1").orElseThrow().getEncoded()).isEqualTo(k1);
        assertThat(provider.toString()).doesNotContain(TestKeys.base64(k1)).contains("k1");
    }

    @Test
    void pkcs12KeyStoreEntriesBecomeKeysWithTheChosenPrimary() throws Exception {
        char[] password = "store-pass".toCharArray();
        Path file = dir.resolve("keys.p12");
        writeKeyStore(file, password, Map.of("k1", k1, "k2", k2));

        KeyProvider provider = KeyProviders.fromKeyStore(file, password, "k2");
        KeyRing ring = provider.keyRing();
        assertThat(ring.primaryKeyId()).isEqualTo("k2");
        assertThat(ring.keyIds()).containsExactlyInAnyOrder("k1", "k2");
        assertThat(ring.key("k1").orElseThrow().getEncoded()).isEqualTo(k1);

        // Same key under the same id: what one ring sealed, the other opens.
        SecretBinding binding = TestKeys.binding();
        SealedSecret sealed = new SecretCipher(ring).seal(Secret.of("sk-from-keystore"), binding);
        assertThat(new SecretCipher(KeyProviders.fromText(text).keyRing())
                        .open(sealed, binding)
                        .reveal())
                .isEqualTo("sk-from-keystore");

        assertThatThrownBy(() -> KeyProviders.fromKeyStore(file, password, "k9").keyRing())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'k9'");
        assertThatThrownBy(() -> KeyProviders.fromKeyStore(file, "wrong".toCharArray(), "k2")
                        .keyRing())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wrong password");
    }

    @Test
    void developmentKeyFileIsCreatedOnceReusedAndWarnedAboutOnce() throws Exception {
        Path file = dir.resolve("dev").resolve("connections-dev.keys");
        try (LogCapture logs = new LogCapture()) {
            KeyRing first = KeyProviders.developmentKeyFile(file).keyRing();
            KeyRing again = KeyProviders.developmentKeyFile(file).keyRing();
            KeyProviders.developmentKeyFile(file).keyRing();

            assertThat(Files.exists(file)).isTrue();
            assertThat(again.primaryKeyId()).isEqualTo(first.primaryKeyId()).startsWith("dev-");
            assertThat(again.key(again.primaryKeyId()).orElseThrow().getEncoded())
                    .isEqualTo(first.key(first.primaryKeyId()).orElseThrow().getEncoded());
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                assertThat(Files.getPosixFilePermissions(file))
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            }
            var warnings = logs.at("WARN").stream()
                    .filter(l -> l.contains(file.getFileName().toString()))
                    .toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("DEVELOPMENT ENCRYPTION KEY", "generated", "production");
            String keyText = TestKeys.base64(
                    first.key(first.primaryKeyId()).orElseThrow().getEncoded());
            assertThat(logs.all()).doesNotContain(keyText);
            assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains(keyText);
        }
    }

    static void writeKeyStore(Path file, char[] password, Map<String, byte[]> keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, password);
        for (var e : keys.entrySet()) {
            store.setEntry(
                    e.getKey(),
                    new KeyStore.SecretKeyEntry(new SecretKeySpec(e.getValue(), "AES")),
                    new KeyStore.PasswordProtection(password));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password);
        }
    }
}
