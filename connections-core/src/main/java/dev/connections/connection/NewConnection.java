package dev.connections.connection;

import dev.connections.id.IntegrationId;
import dev.connections.secret.Secret;
import java.util.Map;
import java.util.Objects;

/**
 * What the "Add connection" form submits for a catalog integration: the app, a name, the key and any
 * non-secret settings the app asks for.
 */
public record NewConnection(IntegrationId integration, String name, Secret apiKey, Map<String, String> settings) {
    public NewConnection {
        Objects.requireNonNull(integration, "integration");
        Objects.requireNonNull(apiKey, "apiKey");
        name = name == null ? "" : name;
        settings = Map.copyOf(settings);
    }

    /** A connection to an integration that needs no settings. */
    public NewConnection(IntegrationId integration, String name, Secret apiKey) {
        this(integration, name, apiKey, Map.of());
    }

    /** Leaves the key out entirely, so logging a request can never depend on how {@link Secret} masks. */
    @Override
    public String toString() {
        return "NewConnection[integration=" + integration + ", name=" + name + ", settings=" + settings
                + ", apiKey=(hidden)]";
    }
}
