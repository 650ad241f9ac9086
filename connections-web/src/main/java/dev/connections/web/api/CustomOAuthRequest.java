package dev.connections.web.api;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST {api}/custom-connections/oauth/authorizations}: a connection to an app the user
 * describes (B4) that grants access by OAuth 2.0 (authorization code with PKCE) instead of a key. The same fields
 * as a custom key connection, without the key, plus the app's OAuth 2.0 endpoints. Nothing secret: the user signs
 * in at the provider, and the client id and secret are the host's. Field errors name these fields ({@code
 * appName}, {@code baseUrl}, {@code auth.headerName}, {@code name}, {@code oauth2.authorizationUrl}, …).
 *
 * @param appName the custom app's name; its id derives from it
 * @param baseUrl the API's base URL
 * @param auth how the access token is sent (HEADER or QUERY); absent means {@code Authorization: Bearer <token>}
 * @param probePath a cheap authenticated GET after the base URL, or none
 * @param settings non-secret settings kept with the connection
 * @param name the connection's own name
 * @param oauth2 the app's OAuth 2.0 endpoints, scopes and client authentication
 */
public record CustomOAuthRequest(
        @Nullable String appName,
        @Nullable String baseUrl,
        CustomConnectionRequest.@Nullable Auth auth,
        @Nullable String probePath,
        @Nullable Map<String, @Nullable String> settings,
        @Nullable String name,
        @Nullable OAuth2 oauth2) {

    /**
     * How the custom app grants access by OAuth 2.0.
     *
     * @param authorizationUrl where the user approves access (https)
     * @param tokenUrl where the server exchanges the code and refreshes tokens (https)
     * @param revocationUrl the RFC 7009 revocation endpoint, or none
     * @param scopes the scopes to ask for, in order
     * @param clientAuthentication CLIENT_SECRET_BASIC (default) or CLIENT_SECRET_POST
     */
    public record OAuth2(
            @Nullable String authorizationUrl,
            @Nullable String tokenUrl,
            @Nullable String revocationUrl,
            @Nullable List<@Nullable String> scopes,
            @Nullable String clientAuthentication) {}
}
