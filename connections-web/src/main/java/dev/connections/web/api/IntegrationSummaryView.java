package dev.connections.web.api;

import dev.connections.catalog.IntegrationMatch;
import java.util.List;

/**
 * One result of "Explore all integrations" (B2).
 *
 * @param id the integration's id
 * @param name its display name
 * @param description one or two sentences
 * @param categories e.g. "AI", "Payments"
 * @param connected whether the workspace already has a connection to it
 */
public record IntegrationSummaryView(
        String id, String name, String description, List<String> categories, boolean connected) {

    static IntegrationSummaryView of(IntegrationMatch match) {
        var integration = match.integration();
        return new IntegrationSummaryView(
                integration.id().value(),
                integration.displayName(),
                integration.description(),
                integration.categories(),
                match.connected());
    }
}
