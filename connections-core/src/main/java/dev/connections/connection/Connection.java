package dev.connections.connection;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A workspace's stored connection to one app; it never holds the plain key, only a reference to the
 * encrypted one and a hint such as "…f3a9".
 *
 * @param id unique id
 * @param workspace owner
 * @param integration the app
 * @param name the user's name for it ("Our main key"), unique per app case-insensitively
 * @param isDefault whether triggering the app uses this connection
 * @param secretRef where the encrypted key is kept
 * @param keyHint last characters of the key, safe to show
 * @param settings non-secret settings (sorted by name)
 * @param createdAt when it was added
 * @param updatedAt when it last changed
 * @param version increases by one on every change; the optimistic-concurrency token
 */
public record Connection(
        ConnectionId id,
        WorkspaceId workspace,
        IntegrationId integration,
        String name,
        boolean isDefault,
        SecretRef secretRef,
        String keyHint,
        Map<String, String> settings,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public Connection {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(secretRef, "secretRef");
        Objects.requireNonNull(keyHint, "keyHint");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    /** A copy with the default flag set as given, one version later, updated at {@code now}. */
    public Connection withDefault(boolean makeDefault, Instant now) {
        return new Connection(
                id,
                workspace,
                integration,
                name,
                makeDefault,
                secretRef,
                keyHint,
                settings,
                createdAt,
                now,
                version + 1);
    }

    /** A copy renamed, one version later. */
    public Connection withName(String newName, Instant now) {
        return new Connection(
                id,
                workspace,
                integration,
                newName,
                isDefault,
                secretRef,
                keyHint,
                settings,
                createdAt,
                now,
                version + 1);
    }

    /** A copy pointing to a new key, one version later. */
    public Connection withKey(SecretRef newRef, String newHint, Instant now) {
        return new Connection(
                id, workspace, integration, name, isDefault, newRef, newHint, settings, createdAt, now, version + 1);
    }
}
