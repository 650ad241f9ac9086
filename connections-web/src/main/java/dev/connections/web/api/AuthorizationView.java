package dev.connections.web.api;

import dev.connections.oauth.AuthorizationStart;

/**
 * A started OAuth 2.0 authorization: the page sends the browser to {@code authorizationUrl}; the provider
 * sends it back to the API's callback before {@code expiresAt}.
 *
 * @param authorizationUrl the provider's page where the user approves access (it carries no secret)
 * @param expiresAt when the started authorization can no longer be finished (ISO-8601)
 */
public record AuthorizationView(String authorizationUrl, String expiresAt) {

    static AuthorizationView of(AuthorizationStart start) {
        return new AuthorizationView(
                start.authorizationUrl().toString(), start.expiresAt().toString());
    }
}
