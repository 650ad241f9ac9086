package dev.connections.tck;

import dev.connections.connection.Connection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/** Test data for the contracts: fresh workspaces, connections and sealed secrets. */
public final class TckData {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TckData() {}

    /** A workspace id no other test or run uses, so contracts can share one database. */
    public static WorkspaceId newWorkspace() {
        return WorkspaceId.of("tck-" + UUID.randomUUID());
    }

    /** A timestamp with microsecond precision, the finest every supported database keeps. */
    public static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** A version-1 connection created now, with a fresh id and secret reference. */
    public static Connection connection(WorkspaceId workspace, IntegrationId app, String name, boolean isDefault) {
        Instant now = micros(Instant.now());
        return new Connection(
                ConnectionId.random(),
                workspace,
                app,
                name,
                isDefault,
                SecretRef.random(),
                "…" + Integer.toHexString(RANDOM.nextInt(0x1000, 0x10000)),
                Map.of(),
                now,
                now,
                1);
    }

    /** A copy one version later with another name, as an update must look. */
    public static Connection renamed(Connection c, String newName) {
        return c.withName(newName, micros(c.updatedAt().plusMillis(1)));
    }

    /** Random bytes standing for ciphertext, sealed under {@code keyId}. */
    public static SealedSecret sealed(String keyId, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        RANDOM.nextBytes(payload);
        return new SealedSecret(1, keyId, payload);
    }

    /** A stored secret of {@code workspace} under a fresh reference, with a small random payload. */
    public static StoredSecret storedSecret(WorkspaceId workspace) {
        return storedSecret(workspace, SecretRef.random());
    }

    /** A stored secret of {@code workspace} under {@code ref}, with a small random payload. */
    public static StoredSecret storedSecret(WorkspaceId workspace, SecretRef ref) {
        return new StoredSecret(new SecretBinding(workspace, ConnectionId.random(), ref), sealed("tck-key", 60));
    }

    /** A recognisable API key: a fixed marker followed by random letters, so leak scans cannot miss it. */
    public static String recognisableKey(String marker) {
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        StringBuilder key = new StringBuilder(marker);
        for (int i = 0; i < 32; i++) {
            key.append(letters.charAt(RANDOM.nextInt(letters.length())));
        }
        return key.toString();
    }
}
