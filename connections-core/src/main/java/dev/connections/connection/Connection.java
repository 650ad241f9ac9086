package dev.connections.connection;

import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

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
 * @param grant for a connection made by OAuth 2.0, its grant; null for an API key (then {@code secretRef}
 *     holds the key, otherwise the sealed tokens and {@code keyHint} the access token's last characters)
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
        long version,
        @Nullable OAuthGrant grant) {

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

    /** A connection holding an API key. */
    public Connection(
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
        this(
                id,
                workspace,
                integration,
                name,
                isDefault,
                secretRef,
                keyHint,
                settings,
                createdAt,
                updatedAt,
                version,
                null);
    }

    /** Whether this connection holds an OAuth 2.0 grant rather than an API key. */
    public boolean isOAuth() {
        return grant != null;
    }

    /** The OAuth 2.0 grant, for a connection made by OAuth. */
    public Optional<OAuthGrant> oauthGrant() {
        return Optional.ofNullable(grant);
    }

    /** A copy holding new tokens under {@code newRef} with {@code newGrant}, one version later. */
    public Connection withTokens(SecretRef newRef, String newHint, OAuthGrant newGrant, Instant now) {
        return new Connection(
                id,
                workspace,
                integration,
                name,
                isDefault,
                newRef,
                newHint,
                settings,
                createdAt,
                now,
                version + 1,
                newGrant);
    }

    /** A copy whose grant is {@code newGrant} (its tokens unchanged), one version later. */
    public Connection withGrant(OAuthGrant newGrant, Instant now) {
        return withTokens(secretRef, keyHint, newGrant, now);
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
                version + 1,
                grant);
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
                version + 1,
                grant);
    }

    /** A copy pointing to a new key, one version later. */
    public Connection withKey(SecretRef newRef, String newHint, Instant now) {
        return new Connection(
                id,
                workspace,
                integration,
                name,
                isDefault,
                newRef,
                newHint,
                settings,
                createdAt,
                now,
                version + 1,
                grant);
    }
}
