package dev.connections.oauth;

import dev.connections.catalog.OAuth2Spec;
import dev.connections.secret.Secret;
import java.net.URI;

/**
 * The OAuth 2.0 wire protocol: builds authorization requests and talks to token and revocation endpoints.
 * Implemented by {@code connections-oauth2} on a protocol library; core decides when to call it and
 * stores what it returns. Implementations must be thread-safe, bound every request with timeouts, follow
 * no redirects to token endpoints, and keep tokens and client secrets out of messages and logs.
 */
public interface OAuthProtocol {

    /**
     * The authorization code request (RFC 6749 §4.1.1) with a fresh PKCE S256 challenge (RFC 7636).
     *
     * @param state the opaque, single-use value that will come back on the callback
     */
    AuthorizationRequest authorizationRequest(OAuth2Spec spec, OAuthClient client, URI redirectUri, String state);

    /**
     * Exchanges an authorization code (RFC 6749 §4.1.3), sending the PKCE code verifier.
     *
     * @throws TokenEndpointException when the provider gives no tokens
     */
    TokenGrant exchangeCode(OAuth2Spec spec, OAuthClient client, String code, URI redirectUri, Secret codeVerifier);

    /**
     * Refreshes an access token (RFC 6749 §6). The answer's refresh token, when present, replaces the old one.
     *
     * @throws TokenEndpointException when the provider gives no tokens
     */
    TokenGrant refresh(OAuth2Spec spec, OAuthClient client, Secret refreshToken);

    /**
     * Fetches a token with the client credentials grant (RFC 6749 §4.4).
     *
     * @throws TokenEndpointException when the provider gives no token
     */
    TokenGrant clientCredentials(OAuth2Spec spec, OAuthClient client);

    /**
     * Revokes a token at the spec's revocation endpoint (RFC 7009).
     *
     * @param refreshToken whether {@code token} is a refresh token (sent as the {@code token_type_hint})
     * @throws TokenEndpointException when the provider refused or could not be reached
     */
    void revoke(OAuth2Spec spec, OAuthClient client, Secret token, boolean refreshToken);
}
