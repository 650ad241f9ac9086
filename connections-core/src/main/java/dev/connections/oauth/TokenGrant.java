package dev.connections.oauth;

import dev.connections.secret.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A token endpoint's successful answer. Closing it wipes the tokens.
 *
 * @param accessToken the access token
 * @param refreshToken the refresh token, when the provider issued one (a new one on rotation)
 * @param expiresAt when the access token expires, when the provider said ({@code expires_in})
 * @param scopes the granted scopes, when the provider listed them; empty otherwise
 */
public record TokenGrant(
        Secret accessToken, @Nullable Secret refreshToken, @Nullable Instant expiresAt, List<String> scopes)
        implements AutoCloseable {

    public TokenGrant {
        Objects.requireNonNull(accessToken, "accessToken");
        scopes = List.copyOf(scopes);
    }

    /** The refresh token, when the provider issued one. */
    public Optional<Secret> refresh() {
        return Optional.ofNullable(refreshToken);
    }

    @Override
    public void close() {
        accessToken.wipe();
        if (refreshToken != null) {
            refreshToken.wipe();
        }
    }

    @Override
    public String toString() {
        return "TokenGrant[accessToken=****, refreshToken=" + (refreshToken == null ? "none" : "****") + ", expiresAt="
                + expiresAt + ", scopes=" + scopes + "]";
    }
}
