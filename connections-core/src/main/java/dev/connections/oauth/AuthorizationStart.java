package dev.connections.oauth;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * A started authorization: send the user's browser to {@code authorizationUrl}; the provider redirects back
 * with the state and a code before {@code expiresAt}, or the flow must start again.
 */
public record AuthorizationStart(URI authorizationUrl, Instant expiresAt) {
    public AuthorizationStart {
        Objects.requireNonNull(authorizationUrl, "authorizationUrl");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
