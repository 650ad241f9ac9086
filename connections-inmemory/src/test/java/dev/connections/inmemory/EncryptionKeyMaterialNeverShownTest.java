package dev.connections.inmemory;

import static dev.connections.inmemory.EncryptionTestSupport.ACME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.id.WorkspaceId;
import dev.connections.keys.KeyProviders;
import dev.connections.keys.KeyRotation;
import dev.connections.keys.MasterKey;
import dev.connections.keys.MasterKeys;
import dev.connections.keys.RotationResult;
import dev.connections.keys.WrappedKeyRing;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.KeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data keys, the master key and plain API keys never reach a log line, an exception message or a
 * {@code toString}, through a scenario that exercises every crypto path that logs.
 */
class EncryptionKeyMaterialNeverShownTest {
    private final byte[] k1 = EncryptionTestSupport.key();
    private final byte[] k2 = EncryptionTestSupport.key();
    private final byte[] master = EncryptionTestSupport.key();
    private final List<String> apiKeys = new ArrayList<>();

    @TempDir
    Path dir;

    @Test
    void keyMaterialNeverAppearsInLogsMessagesOrToString() throws Exception {
        List<String> shown = new ArrayList<>();
        String all;
        try (EncryptionTestSupport.LogCapture logs = new EncryptionTestSupport.LogCapture()) {
            MasterKey masterKey = MasterKeys.aes("m1", master);
            Path ringFile = dir.resolve("ring.wrapped");
            Files.writeString(
                    ringFile,
                    WrappedKeyRing.wrap(KeyRing.builder().primary("k1", k1).build(), masterKey));
            KeyProvider provider = KeyProviders.wrapped(ringFile, masterKey);
            InMemorySecretStore store = new InMemorySecretStore();
            Connections connections = ConnectionsBuilder.newBuilder()
                    .repository(new InMemoryConnectionRepository())
                    .secretStore(store)
                    .catalog(EncryptionTestSupport.catalog())
                    .keyProvider(provider)
                    .keyUsageLimits(KeyUsageLimits.of(3, 1_000))
                    .build();
            WorkspaceId ws = WorkspaceId.of("leaks");
            List<Connection> added = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                added.add(connections.addConnection(ws, ACME, "c" + i, Secret.of(apiKey("add-" + i))));
            }
            Connection first = added.get(0);
            connections.editConnection(
                    ws, first.id(), ConnectionEdit.replaceApiKey(first.version(), Secret.of(apiKey("edited"))));
            shown.add(connections.resolveDefault(ws, ACME).toString());

            // New primary, rotation with one damaged entry, then the old key removed too early.
            KeyRing withK2 =
                    KeyRing.builder().primary("k2", k2).decryptOnly("k1", k1).build();
            Files.writeString(ringFile, WrappedKeyRing.wrap(withK2, masterKey));
            connections.encryptionKeys().reload();
            Connection damaged = added.get(5);
            StoredSecret original = store.get(ws, damaged.secretRef()).orElseThrow();
            byte[] payload = original.sealed().payload();
            payload[20] ^= 1;
            store.destroy(ws, damaged.secretRef());
            store.put(new StoredSecret(original.binding(), new SealedSecret(1, "k1", payload)));
            KeyRotation rotation =
                    connections.encryptionKeys().rotation().batchSize(2).build();
            RotationResult result = rotation.run();
            assertThat(result.failed()).isEqualTo(1);
            shown.add(result.toString());
            shown.add(rotation.toString());
            shown.add(rotation.census().toString());

            Files.writeString(
                    ringFile,
                    WrappedKeyRing.wrap(KeyRing.builder().primary("k2", k2).build(), masterKey));
            connections.encryptionKeys().reload();
            shown.add(catchThrowable(() -> connections.resolve(ws, damaged.id()).withKey(Secret::reveal))
                    .getMessage());

            // Exhausting a key: the warning, the error and the exception.
            Connections tiny = ConnectionsBuilder.newBuilder()
                    .repository(new InMemoryConnectionRepository())
                    .secretStore(new InMemorySecretStore())
                    .catalog(EncryptionTestSupport.catalog())
                    .keyRing(KeyRing.builder().primary("k1", k1).build())
                    .keyUsageLimits(KeyUsageLimits.of(1, 2))
                    .build();
            tiny.addConnection(ws, ACME, "t1", Secret.of(apiKey("tiny-1")));
            tiny.addConnection(ws, ACME, "t2", Secret.of(apiKey("tiny-2")));
            shown.add(catchThrowable(() -> tiny.addConnection(ws, ACME, "t3", Secret.of(apiKey("tiny-3"))))
                    .getMessage());

            // A development key file and the providers' own errors.
            KeyProviders.developmentKeyFile(dir.resolve("dev.keys")).keyRing();
            shown.add(catchThrowable(() -> KeyProviders.fromText("k1:" + b64(k1) + ";k2:" + b64(k2)))
                    .getMessage());
            shown.add(catchThrowable(() -> KeyProviders.wrapped(ringFile, MasterKeys.aes("m1", k1))
                            .keyRing())
                    .getMessage());
            shown.add(provider.toString());
            shown.add(provider.keyRing().toString());
            shown.add(masterKey.toString());
            shown.add(KeyProviders.fromText("k1:" + b64(k1)).toString());
            shown.add(Secret.of(apiKey("to-string")).toString());
            shown.add(new SecretBinding(ws, first.id(), first.secretRef()).toString());
            all = logs.all();
            assertThat(logs.lines())
                    .anyMatch(l -> l.startsWith("WARN") && l.contains("rotate"))
                    .anyMatch(l -> l.startsWith("ERROR") && l.contains("hard limit"))
                    .anyMatch(l -> l.startsWith("WARN") && l.contains("DEVELOPMENT ENCRYPTION KEY"))
                    .anyMatch(l -> l.startsWith("WARN") && l.contains("Key rotation finished"))
                    .anyMatch(l -> l.startsWith("INFO") && l.contains("Encryption keys reloaded"));
        }

        String everything = all + "\n" + String.join("\n", shown);
        for (byte[] key : List.of(k1, k2, master)) {
            assertThat(everything)
                    .doesNotContain(b64(key))
                    .doesNotContain(b64(key).substring(0, 16))
                    .doesNotContain(Base64.getUrlEncoder().encodeToString(key))
                    .doesNotContainIgnoringCase(HexFormat.of().formatHex(key).substring(0, 16));
        }
        for (String apiKey : apiKeys) {
            assertThat(everything).doesNotContain(apiKey).doesNotContain(apiKey.substring(0, 20));
        }
        assertThat(everything).doesNotContain("SECRETVALUE");
        String devKey = Files.readString(dir.resolve("dev.keys"))
                .lines()
                .filter(l -> l.startsWith("dev-"))
                .findFirst()
                .orElseThrow();
        assertThat(everything).doesNotContain(devKey.substring(devKey.indexOf(':') + 1));
    }

    private String apiKey(String label) {
        String key = "sk-SECRETVALUE-" + label + "-9f8e7d6c5b4a";
        apiKeys.add(key);
        return key;
    }

    private static String b64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }
}
