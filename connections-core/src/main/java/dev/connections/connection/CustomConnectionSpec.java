package dev.connections.connection;

import dev.connections.secret.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything the user types for a fully custom connection (B4): the app, how to reach it, how the key
 * is sent, and the key.
 *
 * <p>Fields are kept as typed (strings) so validation can report each one by name; build with {@link
 * #builder()}.
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
 * @param apiKey the key
 * @param probePath a cheap authenticated GET after the base URL that tells whether a key works ("Test
 *     connection"), e.g. {@code /v1/me}; empty for none. It may name the spec's settings in braces.
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
        Secret apiKey,
        String probePath) {

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
        Objects.requireNonNull(apiKey, "apiKey");
        probePath = nullToEmpty(probePath);
    }

    /** Starts a spec that sends the key as {@code Authorization: Bearer <key>} unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "CustomConnectionSpec[appName=" + appName + ", baseUrl=" + baseUrl + ", authType=" + authType
                + ", keyName=" + keyName + ", connectionName=" + connectionName + ", apiKey=" + apiKey + "]";
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

        /** The key (required). */
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
                    Objects.requireNonNull(apiKey, "apiKey"),
                    probePath);
        }
    }
}
