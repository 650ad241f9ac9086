package dev.connections.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.SecretIntegrityException;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealedSecretTest {

    @Test
    void storedFormRoundTrips() {
        SealedSecret sealed = new SealedSecret(1, "key-2026", new byte[] {1, 2, 3, 4, 5});
        SealedSecret read = SealedSecret.fromBytes(sealed.toBytes());
        assertThat(read).isEqualTo(sealed);
        assertThat(read.keyId()).isEqualTo("key-2026");
        assertThat(read.formatVersion()).isEqualTo(1);
        assertThat(read.payload()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void storedFormStartsWithMagicVersionAndKeyId() {
        byte[] bytes = new SealedSecret(1, "k1", new byte[] {9}).toBytes();
        assertThat(bytes).containsExactly('C', 'K', 1, 2, 'k', '1', 9);
    }

    @Test
    void aStoreRowThatIsNotASealedKeyFailsAsAnIntegrityErrorNamingTheConnection() {
        SecretBinding binding = new SecretBinding(WorkspaceId.of("acme"), ConnectionId.random(), SecretRef.of("ref-1"));
        byte[] damaged = "plain-looking-row".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> StoredSecret.read(binding, damaged))
                .isInstanceOf(SecretIntegrityException.class)
                .hasMessageContaining(binding.connection().toString())
                .hasMessageNotContaining("plain-looking-row");
        assertThat(StoredSecret.read(binding, new SealedSecret(1, "k1", new byte[] {7}).toBytes())
                        .sealed()
                        .keyId())
                .isEqualTo("k1");
    }

    @Test
    void rejectsWhatIsNotASealedSecret() {
        assertThatThrownBy(() -> SealedSecret.fromBytes(new byte[] {1, 2, 3, 4, 5}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SealedSecret.fromBytes(new byte[] {'C', 'K', 1, 9, 'a'}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsNoCiphertext() {
        SealedSecret sealed = new SealedSecret(1, "k1", new byte[] {42, 43, 44});
        assertThat(sealed.toString()).isEqualTo("SealedSecret[format=1, keyId=k1, bytes=3]");
    }
}
