package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.connections.error.SecretIntegrityException;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Known-answer vectors for the stored ciphertext format (issue 25): the bytes in {@code
 * secret-cipher-vectors.json} were computed outside this library, so a change to the format (the
 * associated data's version byte or length prefixes, the header, the nonce position) that would strand
 * keys already stored fails here, not after an upgrade in the field.
 */
class SecretCipherVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(
            String name,
            int formatVersion,
            String keyId,
            byte[] key,
            byte[] nonce,
            SecretBinding binding,
            String plaintext,
            byte[] associatedData,
            byte[] stored) {}

    static List<Vector> vectors() throws IOException {
        try (InputStream in = SecretCipherVectorsTest.class.getResourceAsStream("secret-cipher-vectors.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<Vector> out = new ArrayList<>();
            for (JsonNode v : root.get("vectors")) {
                out.add(new Vector(
                        v.get("name").asText(),
                        v.get("formatVersion").asInt(),
                        v.get("keyId").asText(),
                        HEX.parseHex(v.get("keyHex").asText()),
                        HEX.parseHex(v.get("nonceHex").asText()),
                        new SecretBinding(
                                WorkspaceId.of(v.get("workspace").asText()),
                                ConnectionId.parse(v.get("connection").asText()),
                                SecretRef.of(v.get("ref").asText())),
                        v.get("plaintext").asText(),
                        HEX.parseHex(v.get("associatedDataHex").asText()),
                        HEX.parseHex(v.get("storedHex").asText())));
            }
            return out;
        }
    }

    /** Hands out one fixed nonce, so that sealing is repeatable. */
    static final class FixedNonce extends SecureRandom {
        private final byte[] nonce;

        FixedNonce(byte[] nonce) {
            this.nonce = nonce.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(nonce, 0, bytes, 0, bytes.length);
        }
    }

    private static SecretCipher cipher(Vector v) {
        return new SecretCipher(
                TestKeys.ring(v.keyId(), v.key()),
                new InMemoryKeyUsageCounter(),
                KeyUsageLimits.defaults(),
                new FixedNonce(v.nonce()));
    }

    @Test
    void everyFormatTheLibraryReadsHasAVector() throws IOException {
        Set<Integer> covered = new TreeSet<>();
        vectors().forEach(v -> covered.add(v.formatVersion()));
        assertThat(covered).containsExactly(SecretCipher.FORMAT_V1);
    }

    @Test
    void theCheckedInBytesStillDecrypt() throws IOException {
        for (Vector v : vectors()) {
            try (Secret opened = cipher(v).open(v.stored(), v.binding())) {
                assertThat(opened.reveal()).as(v.name()).isEqualTo(v.plaintext());
            }
        }
    }

    @Test
    void sealingWithTheVectorsNonceGivesTheCheckedInBytes() throws IOException {
        for (Vector v : vectors()) {
            SealedSecret sealed = cipher(v).seal(Secret.of(v.plaintext()), v.binding());
            assertThat(HEX.formatHex(sealed.toBytes())).as(v.name()).isEqualTo(HEX.formatHex(v.stored()));
        }
    }

    @Test
    void associatedDataIsVersionByteThenLengthPrefixedParts() throws IOException {
        for (Vector v : vectors()) {
            assertThat(HEX.formatHex(AssociatedData.of(v.formatVersion(), v.keyId(), v.binding())))
                    .as(v.name())
                    .isEqualTo(HEX.formatHex(v.associatedData()));
        }
    }

    @Test
    void aKeyIdAndWorkspaceThatRunTogetherIntoTheSameCharactersDoNotOpen() {
        // Two ids for the same key material (e.g. a key imported twice): "k1" + "2acme" and "k12" + "acme"
        // are the same characters; only the length prefixes tell the records apart.
        byte[] key = TestKeys.key();
        KeyRing ring =
                KeyRing.builder().primary("k1", key).decryptOnly("k12", key).build();
        SecretCipher cipher = new SecretCipher(ring);
        ConnectionId connection = ConnectionId.random();
        SecretRef ref = SecretRef.random();
        SealedSecret sealed =
                cipher.seal(Secret.of("sk-live-abc"), new SecretBinding(WorkspaceId.of("2acme"), connection, ref));

        SealedSecret relabelled = new SealedSecret(sealed.formatVersion(), "k12", sealed.payload());
        SecretBinding other = new SecretBinding(WorkspaceId.of("acme"), connection, ref);

        assertThatThrownBy(() -> cipher.open(relabelled, other))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void aPayloadOfNonceAndTagAloneIsReadAndOneByteLessIsTruncated() throws IOException {
        Vector v = vectors().get(0);
        SecretCipher cipher = cipher(v);
        // 12-byte nonce + 16-byte tag is the shortest payload format 1 can hold (an empty ciphertext).
        assertThatThrownBy(() -> cipher.open(new SealedSecret(1, v.keyId(), new byte[28]), v.binding()))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> cipher.open(new SealedSecret(1, v.keyId(), new byte[27]), v.binding()))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining("is truncated");
    }
}
