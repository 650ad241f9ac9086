package dev.connections.web.api;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST {api}/imports}: many connections at once, all or nothing on input; field errors
 * are named {@code items[i].name}, {@code items[i].apiKey}, {@code items[i].settings.x}, {@code
 * items[i].integrationId}.
 *
 * @param items the connections to add, in order
 */
public record ImportRequest(@Nullable List<@Nullable Item> items) {

    /**
     * One connection to import.
     *
     * @param integrationId the catalog app (or a custom app of the workspace)
     * @param name the connection's name
     * @param apiKey the key; stored encrypted, never returned
     * @param settings the app's non-secret settings by name
     */
    public record Item(
            @Nullable String integrationId,
            @Nullable String name,
            @Nullable String apiKey,
            @Nullable Map<String, @Nullable String> settings) {

        /** Leaves the key out, so logging a request never shows it. */
        @Override
        public String toString() {
            return "Item[integrationId=" + integrationId + ", name=" + name + ", settings=" + settings
                    + ", apiKey=(hidden)]";
        }
    }
}
