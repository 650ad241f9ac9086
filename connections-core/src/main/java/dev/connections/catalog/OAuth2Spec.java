package dev.connections.catalog;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How an app grants access by OAuth 2.0 (RFC 6749): its endpoints, the scopes to ask for, how the client
 * authenticates and how the access token is sent.
 *
 * <p>The library always sends a PKCE S256 challenge (RFC 7636) with the authorization code flow: an
 * authorization server that does not know PKCE ignores the parameters (RFC 6749 §3.1), so there is
 * nothing to declare.
 *
 * @param authorizationUrl where the user approves the grant (authorization code only)
 * @param tokenUrl where codes, refresh tokens and client credentials are exchanged for tokens
 * @param revocationUrl the RFC 7009 revocation endpoint, when the provider has one
 * @param scopes the scopes to ask for, in order
 * @param scopeSeparator how the scopes are joined in the request: a space (RFC 6749) unless the provider
 *     wants a comma
 * @param clientAuthentication how the client id and secret reach the token endpoint
 * @param tokenPlacement where the access token goes in a request to the app's API
 * @param authorizationParameters extra parameters of the authorization request (Google's {@code
 *     access_type=offline}), never {@code state}, {@code code_challenge} or the other parameters the flow sets
 * @param grants the grants the app offers
 */
public record OAuth2Spec(
        @Nullable URI authorizationUrl,
        URI tokenUrl,
        @Nullable URI revocationUrl,
        List<String> scopes,
        String scopeSeparator,
        ClientAuthentication clientAuthentication,
        KeyPlacement tokenPlacement,
        Map<String, String> authorizationParameters,
        Set<GrantType> grants) {

    /** The parameters the authorization request sets itself; a spec cannot override them. */
    public static final Set<String> RESERVED_PARAMETERS = Set.of(
            "response_type",
            "client_id",
            "redirect_uri",
            "scope",
            "state",
            "code_challenge",
            "code_challenge_method",
            "client_secret");

    public OAuth2Spec {
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(scopeSeparator, "scopeSeparator");
        Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        Objects.requireNonNull(tokenPlacement, "tokenPlacement");
        scopes = List.copyOf(scopes);
        authorizationParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(authorizationParameters));
        grants = Set.copyOf(grants);
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("An OAuth 2.0 app offers at least one grant");
        }
        if (grants.contains(GrantType.AUTHORIZATION_CODE) && authorizationUrl == null) {
            throw new IllegalArgumentException("The authorization code grant needs an authorizationUrl");
        }
        requireHttps(authorizationUrl, "authorizationUrl");
        requireHttps(tokenUrl, "tokenUrl");
        requireHttps(revocationUrl, "revocationUrl");
        if (!scopeSeparator.equals(" ") && !scopeSeparator.equals(",")) {
            throw new IllegalArgumentException("scopeSeparator is a space or a comma");
        }
        for (String scope : scopes) {
            // RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
            if (scope.isEmpty()
                    || !scope.chars().allMatch(c -> c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E))
                    || scope.contains(scopeSeparator)) {
                throw new IllegalArgumentException(
                        "A scope is one RFC 6749 scope token: " + scope.length() + " characters given");
            }
        }
        for (String name : authorizationParameters.keySet()) {
            if (RESERVED_PARAMETERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(
                        "The authorization parameter " + name + " is set by the flow itself");
            }
        }
    }

    /** A spec for the authorization code grant with the usual choices: space-separated scopes, basic client authentication, a bearer token. */
    public static OAuth2Spec authorizationCode(URI authorizationUrl, URI tokenUrl, List<String> scopes) {
        return new OAuth2Spec(
                authorizationUrl,
                tokenUrl,
                null,
                scopes,
                " ",
                ClientAuthentication.CLIENT_SECRET_BASIC,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.AUTHORIZATION_CODE));
    }

    /** Whether the app offers {@code grant}. */
    public boolean offers(GrantType grant) {
        return grants.contains(grant);
    }

    /** The revocation endpoint, when the provider has one. */
    public Optional<URI> revocation() {
        return Optional.ofNullable(revocationUrl);
    }

    /** The scopes as the request's {@code scope} parameter, or empty when there are none. */
    public Optional<String> scopeParameter() {
        return scopes.isEmpty() ? Optional.empty() : Optional.of(String.join(scopeSeparator, scopes));
    }

    /** This spec with other endpoints and the rest unchanged: for tests and providers with regional hosts. */
    public OAuth2Spec withEndpoints(@Nullable URI authorization, URI token, @Nullable URI revocation) {
        return new OAuth2Spec(
                authorization,
                token,
                revocation,
                scopes,
                scopeSeparator,
                clientAuthentication,
                tokenPlacement,
                authorizationParameters,
                grants);
    }

    private static void requireHttps(@Nullable URI uri, String field) {
        if (uri == null) {
            return;
        }
        boolean loopback = "http".equalsIgnoreCase(uri.getScheme())
                && ("localhost".equalsIgnoreCase(uri.getHost()) || "127.0.0.1".equals(uri.getHost()));
        if (!uri.isAbsolute() || uri.getHost() == null || !("https".equalsIgnoreCase(uri.getScheme()) || loopback)) {
            throw new IllegalArgumentException(field + " must be an absolute https URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(field + " cannot carry user info or a fragment");
        }
    }
}
