package dev.connections.connection;

import dev.connections.catalog.GrantType;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a connection made by OAuth 2.0 holds besides its sealed tokens: the grant, when the access token
 * expires, the scopes the provider granted, and whether the grant still works. None of it is secret.
 *
 * @param type the grant the tokens came from
 * @param accessTokenExpiresAt when the access token expires; null when the provider did not say
 * @param scopes the scopes the provider granted (those asked for, when its answer did not list them)
 * @param status whether the grant works or the user must connect again
 */
public record OAuthGrant(GrantType type, @Nullable Instant accessTokenExpiresAt, List<String> scopes, Status status) {

    /** Whether a grant still works. */
    public enum Status {
        /** The tokens work, or can be refreshed. */
        ACTIVE,
        /** The provider refused the grant ({@code invalid_grant}, revoked at the provider): connect again. */
        NEEDS_RECONNECT
    }

    public OAuthGrant {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        scopes = List.copyOf(scopes);
    }

    /** When the access token expires, when the provider said. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(accessTokenExpiresAt);
    }

    /** Whether the access token is past, or within {@code margin} of, its expiry at {@code now}. */
    public boolean expiresWithin(java.time.Duration margin, Instant now) {
        return accessTokenExpiresAt != null && !now.plus(margin).isBefore(accessTokenExpiresAt);
    }

    /** Whether the user must connect again. */
    public boolean needsReconnect() {
        return status == Status.NEEDS_RECONNECT;
    }

    /** This grant marked as needing a reconnect. */
    public OAuthGrant refused() {
        return new OAuthGrant(type, accessTokenExpiresAt, scopes, Status.NEEDS_RECONNECT);
    }
}
