package dev.connections.catalog;

import java.util.Objects;

/** One result of "Explore all integrations": the app and whether the workspace already connected it. */
public record IntegrationMatch(Integration integration, boolean connected) {
    public IntegrationMatch {
        Objects.requireNonNull(integration, "integration");
    }
}
