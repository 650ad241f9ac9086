package dev.connections.web.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST {api}/apps/{integrationId}/connections}: a connection to a catalog app (B3).
 *
 * @param name the connection's name
 * @param apiKey the key; stored encrypted, never returned
 * @param settings the app's non-secret settings by name
 */
public record AddConnectionRequest(
        @Nullable String name, @Nullable String apiKey, @Nullable Map<String, @Nullable String> settings) {

    /** Leaves the key out, so logging a request never shows it. */
    @Override
    public String toString() {
        return "AddConnectionRequest[name=" + name + ", settings=" + settings + ", apiKey=(hidden)]";
    }
}
