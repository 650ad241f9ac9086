package dev.connections.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.SecretIntegrityException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretCipherTest {
    private final byte[] k1 = TestKeys.key();
    private final SecretCipher cipher = new SecretCipher(TestKeys.ring("k1", k1));

    /** A key of exactly {@code length} chars mixing ASCII, accented, CJK and (as pairs) emoji. */
    static String keyOfLength(int length) {
        String alphabet = "aZ9-_é€日本🔑";
        StringBuilder out = new StringBuilder(length);
        int i = 0;
        while (out.length() < length) {
            int cp = alphabet.codePointAt(i % alphabet.length());
            if (Character.charCount(cp) <= length - out.length()) {
                out.appendCodePoint(cp);
            } else {
                out.append('x');
            }
            i = alphabet.offsetByCodePoints(i % alphabet.length(), 1);
        }
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 100, 8192})
    void roundTripsKeysOfManyLengthsIncludingNonAscii(int length) {
        String key = keyOfLength(length);
        assertThat(key).hasSize(length);
        if (length > 10) {
            assertThat(key).contains("é", "日", "🔑");
        }
        SecretBinding binding = TestKeys.binding();
        SealedSecret sealed = cipher.seal(Secret.of(key), binding);

        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.formatVersion()).isEqualTo(SecretCipher.FORMAT_V1);
        // nonce + ciphertext (same length as the UTF-8 plain text) + tag
        assertThat(sealed.payload()).hasSize(12 + key.getBytes(StandardCharsets.UTF_8).length + 16);
        try (Secret opened = cipher.open(sealed, binding)) {
            assertThat(opened.reveal()).isEqualTo(key);
        }
        try (Secret fromBytes = cipher.open(sealed.toBytes(), binding)) {
            assertThat(fromBytes.reveal()).isEqualTo(key);
        }
    }

    @Test
    void sameKeyTwiceGivesDifferentCiphertexts() {
        SecretBinding binding = TestKeys.binding();
        SealedSecret a = cipher.seal(Secret.of("sk-same"), binding);
        SealedSecret b = cipher.seal(Secret.of("sk-same"), binding);
        assertThat(a).isNotEqualTo(b);
        assertThat(Arrays.copyOf(a.payload(), 12)).isNotEqualTo(Arrays.copyOf(b.payload(), 12));
    }

    @Test
    void ciphertextSwappedBetweenRecordsDoesNotOpen() {
        SecretBinding a = TestKeys.binding();
        SecretBinding b = TestKeys.binding();
        SealedSecret sealedA = cipher.seal(Secret.of("sk-key-of-connection-a"), a);
        cipher.seal(Secret.of("sk-key-of-connection-b"), b);

        assertThatThrownBy(() -> cipher.open(sealedA, b))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining(b.connection().toString())
                .hasMessageContaining("k1")
                .hasMessageNotContaining("sk-key");
    }

    @Test
    void everyPartOfTheBindingIsAuthenticated() {
        SecretBinding a = TestKeys.binding();
        SealedSecret sealed = cipher.seal(Secret.of("sk-bound"), a);
        SecretBinding otherWorkspace = new SecretBinding(WorkspaceId.of("other"), a.connection(), a.ref());
        SecretBinding otherConnection =
                new SecretBinding(a.workspace(), TestKeys.binding().connection(), a.ref());
        SecretBinding otherRef = new SecretBinding(
                a.workspace(), a.connection(), TestKeys.binding().ref());
        for (SecretBinding wrong : new SecretBinding[] {otherWorkspace, otherConnection, otherRef}) {
            assertThatThrownBy(() -> cipher.open(sealed, wrong)).isInstanceOf(SecretIntegrityException.class);
        }
    }

    @Test
    void relabellingTheKeyIdFailsEvenWhenBothKeysAreTheSame() {
        // Same key bytes under two ids: only the associated data can tell the relabelled copy apart.
        KeyRing ring =
                KeyRing.builder().primary("k1", k1).decryptOnly("k1-alias", k1).build();
        SecretCipher both = new SecretCipher(ring);
        SecretBinding binding = TestKeys.binding();
        SealedSecret sealed = both.seal(Secret.of("sk-relabel"), binding);
        SealedSecret relabelled = new SealedSecret(1, "k1-alias", sealed.payload());
        assertThatThrownBy(() -> both.open(relabelled, binding)).isInstanceOf(SecretIntegrityException.class);
    }

    @Test
    void unknownOrRemovedKeyIdIsAnIntegrityErrorNamingTheKeyIdAndConnection() {
        byte[] k2 = TestKeys.key();
        SecretBinding binding = TestKeys.binding();
        SealedSecret underK1 = cipher.seal(Secret.of("sk-old-key"), binding);
        KeyRing rotated = cipher.keyRing().withNewPrimary("k2", k2).without("k1");
        SecretCipher withoutK1 = cipher.withKeyRing(rotated);

        assertThatThrownBy(() -> withoutK1.open(underK1, binding))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining("key id k1")
                .hasMessageContaining(binding.connection().toString())
                .hasMessageNotContaining(TestKeys.base64(k1))
                .hasMessageNotContaining(TestKeys.base64(k2))
                .hasMessageNotContaining("sk-old-key");
    }

    @Test
    void unknownFormatTruncationAndGarbageAreIntegrityErrors() {
        SecretBinding binding = TestKeys.binding();
        SealedSecret sealed = cipher.seal(Secret.of("sk-format"), binding);
        assertThatThrownBy(() -> cipher.open(new SealedSecret(2, "k1", sealed.payload()), binding))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining("format 2");
        assertThatThrownBy(() -> cipher.open(new SealedSecret(1, "k1", Arrays.copyOf(sealed.payload(), 20)), binding))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> cipher.open(new byte[] {1, 2, 3}, binding))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining(binding.connection().toString());
    }

    @Test
    void resealMovesToThePrimaryAndKeepsTheKey() {
        SecretBinding binding = TestKeys.binding();
        SealedSecret underK1 = cipher.seal(Secret.of("sk-move-me"), binding);
        assertThat(cipher.isCurrent(underK1)).isTrue();
        assertThat(cipher.reseal(underK1, binding)).isSameAs(underK1);

        SecretCipher rotated = cipher.withKeyRing(cipher.keyRing().withNewPrimary("k2", TestKeys.key()));
        assertThat(rotated.isCurrent(underK1)).isFalse();
        SealedSecret underK2 = rotated.reseal(underK1, binding);
        assertThat(underK2.keyId()).isEqualTo("k2");
        assertThat(rotated.isCurrent(underK2)).isTrue();
        assertThat(rotated.open(underK2, binding).reveal()).isEqualTo("sk-move-me");
    }

    @Test
    void toStringShowsKeyIdsOnly() {
        String text = cipher.toString() + cipher.keyRing();
        assertThat(text).contains("k1").doesNotContain(TestKeys.base64(k1));
        assertThat(cipher.keyRing().toString()).isEqualTo("KeyRing[primary=k1, keyIds=[k1]]");
    }
}
