package dev.connections.crypto;

import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import java.security.SecureRandom;
import java.util.Base64;

/** Random keys and bindings for crypto tests. */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    public static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    public static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    public static KeyRing ring(String primaryId, byte[] primary) {
        return KeyRing.builder().primary(primaryId, primary).build();
    }

    public static SecretBinding binding() {
        return new SecretBinding(WorkspaceId.of("acme"), ConnectionId.random(), SecretRef.random());
    }

    public static SecretBinding binding(String workspace) {
        return new SecretBinding(WorkspaceId.of(workspace), ConnectionId.random(), SecretRef.random());
    }
}
