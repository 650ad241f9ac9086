package dev.connections.oauth;

import dev.connections.secret.Secret;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The host's OAuth 2.0 client at one provider: the id and secret it registered there. The secret is a
 * {@link Secret}: masked in {@code toString}, never logged, never returned by the HTTP API.
 *
 * @param clientId the public client identifier
 * @param clientSecret the client secret; null for a public client (PKCE only)
 */
public record OAuthClient(String clientId, @Nullable Secret clientSecret) {

    public OAuthClient {
        Objects.requireNonNull(clientId, "clientId");
        if (clientId.isBlank() || clientId.length() > 500 || clientId.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("A client id has 1-500 printable characters");
        }
    }

    /** A confidential client. */
    public static OAuthClient of(String clientId, String clientSecret) {
        return new OAuthClient(clientId, Secret.of(clientSecret));
    }

    @Override
    public String toString() {
        return "OAuthClient[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "none" : "****") + "]";
    }
}
