package dev.connections.crypto;

import dev.connections.WorkspaceId;
import dev.connections.connection.ConnectionId;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import java.security.SecureRandom;
import java.util.Base64;

/** Random keys and bindings for crypto tests. */
final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    static KeyRing ring(String primaryId, byte[] primary) {
        return KeyRing.builder().primary(primaryId, primary).build();
    }

    static SecretBinding binding() {
        return new SecretBinding(WorkspaceId.of("acme"), ConnectionId.random(), SecretRef.random());
    }

    static SecretBinding binding(String workspace) {
        return new SecretBinding(WorkspaceId.of(workspace), ConnectionId.random(), SecretRef.random());
    }
}
