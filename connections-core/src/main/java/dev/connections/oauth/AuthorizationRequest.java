package dev.connections.oauth;

import dev.connections.secret.Secret;
import java.net.URI;
import java.util.Objects;

/**
 * An authorization request the protocol prepared: the URL to send the user to, and the PKCE code verifier
 * that must come back with the code (kept sealed with the flow's state until then).
 */
public record AuthorizationRequest(URI url, Secret codeVerifier) {
    public AuthorizationRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(codeVerifier, "codeVerifier");
    }
}
