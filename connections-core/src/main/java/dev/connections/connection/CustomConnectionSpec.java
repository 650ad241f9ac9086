package dev.connections.connection;

import dev.connections.catalog.ClientAuthentication;
import dev.connections.secret.Secret;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything the user types for a fully custom connection (B4): the app, how to reach it, how the key
 * is sent, and the key; or, for an app that grants access by OAuth 2.0, its endpoints and scopes instead of
 * a key.
 *
 * <p>Fields are kept as typed (strings) so validation can report each one by name; build with {@link
 * #builder()}.
 *
 * <p>An API-key connection is added with {@code Connections.addCustomConnection}; a spec with {@link
 * #oauth2()} and no key is connected with {@code oauth().startCustomAuthorization}, which sends the access
 * token the way {@link #authType()}, {@link #keyName()} and {@link #keyPrefix()} say (a header or a query
 * parameter).
 *
 * @param appName name of the custom app, shown in "Your connected apps"
 * @param baseUrl https URL of the API (http only for localhost)
 * @param authType how the key is sent
 * @param keyName header or query-parameter name (ignored for basic auth)
 * @param keyPrefix header value prefix such as "Bearer " (header only; may be empty)
 * @param basicUsername for basic auth, the username sent with the key as password; empty to send the
 *     key as username
 * @param settings non-secret settings kept with the connection
 * @param connectionName the connection's own name
 * @param apiKey the key; null only when the spec describes OAuth 2.0 (a connection made by OAuth has no key)
 * @param probePath a cheap authenticated GET after the base URL that tells whether a key works ("Test
 *     connection"), e.g. {@code /v1/me}; empty for none. It may name the spec's settings in braces.
 * @param oauth2 how the custom app grants access by OAuth 2.0, when it does; part of the app's definition
 */
public record CustomConnectionSpec(
        String appName,
        String baseUrl,
        AuthType authType,
        String keyName,
        String keyPrefix,
        String basicUsername,
        Map<String, String> settings,
        String connectionName,
        @Nullable Secret apiKey,
        String probePath,
        @Nullable OAuth2 oauth2) {

    /** How a custom app expects its key. */
    public enum AuthType {
        /** In a header, optionally after a prefix such as {@code Bearer }. */
        HEADER,
        /** In a query parameter of every request. */
        QUERY_PARAMETER,
        /** As HTTP basic credentials. */
        BASIC_AUTH
    }

    public CustomConnectionSpec {
        appName = NameRules.normalize(appName);
        baseUrl = nullToEmpty(baseUrl);
        Objects.requireNonNull(authType, "authType");
        keyName = nullToEmpty(keyName);
        keyPrefix = keyPrefix == null ? "" : keyPrefix;
        basicUsername = nullToEmpty(basicUsername);
        settings = Map.copyOf(settings);
        connectionName = NameRules.normalize(connectionName);
        if (oauth2 == null) {
            Objects.requireNonNull(apiKey, "apiKey");
        }
        probePath = nullToEmpty(probePath);
    }

    /** A spec for an API key (the spec before OAuth 2.0 existed): the key is required. */
    public CustomConnectionSpec(
            String appName,
            String baseUrl,
            AuthType authType,
            String keyName,
            String keyPrefix,
            String basicUsername,
            Map<String, String> settings,
            String connectionName,
            Secret apiKey,
            String probePath) {
        this(
                appName,
                baseUrl,
                authType,
                keyName,
                keyPrefix,
                basicUsername,
                settings,
                connectionName,
                Objects.requireNonNull(apiKey, "apiKey"),
                probePath,
                null);
    }

    /** The OAuth 2.0 description, when the app grants access that way. */
    public Optional<OAuth2> oauth() {
        return Optional.ofNullable(oauth2);
    }

    /**
     * How a custom app grants access by OAuth 2.0 with the authorization code grant (always with PKCE S256),
     * as the user typed it. The URLs are checked like the base URL (the same {@code BaseUrlPolicy}): the
     * server sends the client secret, codes and tokens to them.
     *
     * @param authorizationUrl where the user approves the grant
     * @param tokenUrl where codes and refresh tokens are exchanged for tokens
     * @param revocationUrl the RFC 7009 revocation endpoint; empty for none
     * @param scopes the scopes to ask for, in order, joined with spaces
     * @param clientAuthentication how the client id and secret reach the token endpoint
     */
    public record OAuth2(
            String authorizationUrl,
            String tokenUrl,
            String revocationUrl,
            List<String> scopes,
            ClientAuthentication clientAuthentication) {

        public OAuth2 {
            authorizationUrl = nullToEmpty(authorizationUrl);
            tokenUrl = nullToEmpty(tokenUrl);
            revocationUrl = nullToEmpty(revocationUrl);
            scopes = scopes.stream().map(CustomConnectionSpec::nullToEmpty).toList();
            Objects.requireNonNull(clientAuthentication, "clientAuthentication");
        }

        /** The usual choices: no revocation endpoint, client authentication by HTTP basic. */
        public static OAuth2 of(String authorizationUrl, String tokenUrl, String... scopes) {
            return new OAuth2(
                    authorizationUrl, tokenUrl, "", Arrays.asList(scopes), ClientAuthentication.CLIENT_SECRET_BASIC);
        }

        /** This description with an RFC 7009 revocation endpoint (empty: none). */
        public OAuth2 withRevocationUrl(String revocationUrl) {
            return new OAuth2(authorizationUrl, tokenUrl, revocationUrl, scopes, clientAuthentication);
        }

        /** This description with another client authentication method. */
        public OAuth2 withClientAuthentication(ClientAuthentication clientAuthentication) {
            return new OAuth2(authorizationUrl, tokenUrl, revocationUrl, scopes, clientAuthentication);
        }
    }

    /** Starts a spec that sends the key as {@code Authorization: Bearer <key>} unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "CustomConnectionSpec[appName=" + appName + ", baseUrl=" + baseUrl + ", authType=" + authType
                + ", keyName=" + keyName + ", connectionName=" + connectionName + ", apiKey="
                + (apiKey == null ? "none" : apiKey) + ", oauth2=" + oauth2 + "]";
    }

    private static String nullToEmpty(@Nullable String value) {
        return value == null ? "" : value.strip();
    }

    /** Builder for {@link CustomConnectionSpec}; defaults to {@code Authorization: Bearer <key>}. */
    public static final class Builder {
        private String appName = "";
        private String baseUrl = "";
        private AuthType authType = AuthType.HEADER;
        private String keyName = "Authorization";
        private String keyPrefix = "Bearer ";
        private String basicUsername = "";
        private final Map<String, String> settings = new LinkedHashMap<>();
        private String connectionName = "";
        private @Nullable Secret apiKey;
        private String probePath = "";
        private @Nullable OAuth2 oauth2;

        private Builder() {}

        /** The custom app's name; connections with the same app name share one app. */
        public Builder appName(String appName) {
            this.appName = appName;
            return this;
        }

        /** The API's base URL: https, or http for localhost only. */
        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        /** Key in a header, sent as {@code prefix + key}; clears a basic-auth user name set before. */
        public Builder header(String headerName, String prefix) {
            this.authType = AuthType.HEADER;
            this.keyName = headerName;
            this.keyPrefix = prefix;
            this.basicUsername = "";
            return this;
        }

        /** Key in a query parameter; clears a header prefix and a basic-auth user name set before. */
        public Builder queryParameter(String parameterName) {
            this.authType = AuthType.QUERY_PARAMETER;
            this.keyName = parameterName;
            this.keyPrefix = "";
            this.basicUsername = "";
            return this;
        }

        /** HTTP basic auth; an empty username sends the key as username. */
        public Builder basicAuth(String username) {
            this.authType = AuthType.BASIC_AUTH;
            this.keyName = "";
            this.keyPrefix = "";
            this.basicUsername = username;
            return this;
        }

        /** Adds a non-secret setting kept with the connection. */
        public Builder setting(String name, String value) {
            settings.put(name, value);
            return this;
        }

        /** The connection's own name, unique within the app. */
        public Builder connectionName(String connectionName) {
            this.connectionName = connectionName;
            return this;
        }

        /** The key (required unless the app is described as an OAuth 2.0 app, which takes none). */
        public Builder apiKey(Secret apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /**
         * A path after the base URL whose {@code GET} answers 200 for a working key and 401 or 403 for a
         * rejected one (e.g. {@code /v1/me}), so the connection can be tested; none unless set.
         */
        public Builder probePath(String probePath) {
            this.probePath = probePath;
            return this;
        }

        /**
         * The app grants access by OAuth 2.0 (authorization code with PKCE): its authorization and token
         * endpoints and the scopes to ask for; no key is needed then. The access token is sent as the key would
         * be: {@code Authorization: Bearer <token>} unless {@link #header} or {@link #queryParameter} say
         * otherwise.
         */
        public Builder oauth2(String authorizationUrl, String tokenUrl, String... scopes) {
            this.oauth2 = OAuth2.of(authorizationUrl, tokenUrl, scopes);
            return this;
        }

        /** The app's OAuth 2.0 description as a whole (null: none, an API-key app). */
        public Builder oauth2(@Nullable OAuth2 oauth2) {
            this.oauth2 = oauth2;
            return this;
        }

        /** The OAuth 2.0 app's RFC 7009 revocation endpoint; call after {@link #oauth2(String, String, String...)}. */
        public Builder revocationUrl(String revocationUrl) {
            this.oauth2 = requireOAuth2().withRevocationUrl(revocationUrl);
            return this;
        }

        /** How the client authenticates at the token endpoint; call after {@link #oauth2(String, String, String...)}. */
        public Builder clientAuthentication(ClientAuthentication clientAuthentication) {
            this.oauth2 = requireOAuth2().withClientAuthentication(clientAuthentication);
            return this;
        }

        private OAuth2 requireOAuth2() {
            if (oauth2 == null) {
                throw new IllegalStateException("Describe the app's OAuth 2.0 endpoints first: oauth2(...)");
            }
            return oauth2;
        }

        /** The spec as typed; the facade validates it when it is added. */
        public CustomConnectionSpec build() {
            return new CustomConnectionSpec(
                    appName,
                    baseUrl,
                    authType,
                    keyName,
                    keyPrefix,
                    basicUsername,
                    settings,
                    connectionName,
                    oauth2 == null ? Objects.requireNonNull(apiKey, "apiKey") : apiKey,
                    probePath,
                    oauth2);
        }
    }
}
