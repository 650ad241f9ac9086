package dev.connections.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.connections.connection.Connection;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection as the API returns it: never its key, only the key's hint. Times are ISO-8601 strings
 * whatever the host's JSON settings, so every client reads the same.
 *
 * @param id the connection's id (a UUID)
 * @param integrationId the app it connects to
 * @param name the user's name for it
 * @param isDefault whether triggering the app uses it (JSON {@code default})
 * @param keyHint the last characters of its key, e.g. "…2b9f"
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
        String keyHint,
        Map<String, String> settings,
        String createdAt,
        String updatedAt,
        long version,
        StatusView status) {

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
                connection.keyHint(),
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
