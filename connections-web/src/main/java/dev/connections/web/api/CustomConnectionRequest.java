package dev.connections.web.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST {api}/custom-connections}: a connection to an app the user describes (B4). Field
 * errors name these fields ({@code appName}, {@code baseUrl}, {@code auth.headerName}, {@code name}, …).
 *
 * @param appName the custom app's name; connections with the same app name share one app
 * @param baseUrl the API's base URL: https, or http for localhost only
 * @param auth how the key is sent; absent means {@code Authorization: Bearer <key>}
 * @param probePath a cheap authenticated GET after the base URL that tells whether a key works, or none
 * @param settings non-secret settings kept with the connection
 * @param name the connection's own name
 * @param apiKey the key; stored encrypted, never returned
 */
public record CustomConnectionRequest(
        @Nullable String appName,
        @Nullable String baseUrl,
        @Nullable Auth auth,
        @Nullable String probePath,
        @Nullable Map<String, @Nullable String> settings,
        @Nullable String name,
        @Nullable String apiKey) {

    /**
     * How the custom app expects its key.
     *
     * @param type HEADER, QUERY or BASIC
     * @param headerName for HEADER, the header's name (default {@code Authorization})
     * @param prefix for HEADER, what goes before the key, e.g. {@code "Bearer "} (default none)
     * @param queryParameter for QUERY, the parameter's name
     * @param username for BASIC, the username sent with the key as password; empty sends the key as username
     */
    public record Auth(
            @Nullable String type,
            @Nullable String headerName,
            @Nullable String prefix,
            @Nullable String queryParameter,
            @Nullable String username) {}

    /** Leaves the key out, so logging a request never shows it. */
    @Override
    public String toString() {
        return "CustomConnectionRequest[appName=" + appName + ", baseUrl=" + baseUrl + ", auth=" + auth + ", probePath="
                + probePath + ", settings=" + settings + ", name=" + name + ", apiKey=(hidden)]";
    }
}
