package dev.connections.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection as the API returns it: never its key or tokens, only an API key's hint. Times are ISO-8601
 * strings whatever the host's JSON settings, so every client reads the same.
 *
 * @param id the connection's id (a UUID)
 * @param integrationId the app it connects to
 * @param name the user's name for it
 * @param isDefault whether triggering the app uses it (JSON {@code default})
 * @param kind {@value #API_KEY} or {@value #OAUTH}: what the connection holds
 * @param keyHint the last characters of its API key, e.g. "…2b9f"; null for an OAuth connection (its tokens
 *     change with every refresh, and no part of a token is shown)
 * @param oauth the OAuth grant's non-secret facts, for an OAuth connection; null for an API key
 * @param settings its non-secret settings
 * @param createdAt when it was added
 * @param updatedAt when it last changed
 * @param version its version, also sent as the {@code ETag}; a write sends it back in {@code If-Match}
 * @param status its last key check and last use
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConnectionView(
        String id,
        String integrationId,
        String name,
        @JsonProperty("default") boolean isDefault,
        String kind,
        @Nullable String keyHint,
        @Nullable OAuthGrantView oauth,
        Map<String, String> settings,
        String createdAt,
        String updatedAt,
        long version,
        StatusView status) {

    /** The kind of a connection holding an API key. */
    public static final String API_KEY = "api_key";

    /** The kind of a connection made by OAuth 2.0. */
    public static final String OAUTH = "oauth";

    /**
     * What an OAuth connection's grant is, never its tokens.
     *
     * @param grantType AUTHORIZATION_CODE (the user signed in at the provider) or CLIENT_CREDENTIALS
     * @param status ACTIVE, or NEEDS_RECONNECT when the provider no longer accepts the grant
     * @param accessTokenExpiresAt when the current access token expires (it is refreshed ahead), when known
     * @param scopes the scopes the provider granted
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record OAuthGrantView(
            String grantType, String status, @Nullable String accessTokenExpiresAt, List<String> scopes) {

        static OAuthGrantView of(OAuthGrant grant) {
            return new OAuthGrantView(
                    grant.type().name(), grant.status().name(), time(grant.accessTokenExpiresAt()), grant.scopes());
        }
    }

    /**
     * How a connection is doing.
     *
     * @param state VALID, INVALID, UNREACHABLE or UNSUPPORTED as the last check found, UNKNOWN when never checked
     * @param reason the last check's short reason, when checked
     * @param checkedAt when it was last checked
     * @param lastUsedAt when a trigger last got it (to the minute, written in the background)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record StatusView(
            String state, @Nullable String reason, @Nullable String checkedAt, @Nullable String lastUsedAt) {

        /** The state of a connection that was never checked. */
        public static final String UNKNOWN = "UNKNOWN";

        static StatusView of(ConnectionStatus status) {
            Verification check = status.lastVerification();
            return new StatusView(
                    check == null ? UNKNOWN : check.status().name(),
                    check == null ? null : check.reason(),
                    check == null ? null : check.checkedAt().toString(),
                    time(status.lastUsedAt()));
        }
    }

    static ConnectionView of(Connection connection, ConnectionStatus status) {
        return new ConnectionView(
                connection.id().toString(),
                connection.integration().value(),
                connection.name(),
                connection.isDefault(),
                connection.isOAuth() ? OAUTH : API_KEY,
                connection.isOAuth() ? null : connection.keyHint(),
                connection.oauthGrant().map(OAuthGrantView::of).orElse(null),
                connection.settings(),
                connection.createdAt().toString(),
                connection.updatedAt().toString(),
                connection.version(),
                StatusView.of(status));
    }

    private static @Nullable String time(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
