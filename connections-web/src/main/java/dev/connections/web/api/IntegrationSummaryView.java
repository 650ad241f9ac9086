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
 * @param oauthGrants the OAuth 2.0 grants it can be connected with here (AUTHORIZATION_CODE,
 *     CLIENT_CREDENTIALS); empty when it takes API keys only
 */
public record IntegrationSummaryView(
        String id,
        String name,
        String description,
        List<String> categories,
        boolean connected,
        List<String> oauthGrants) {

    static IntegrationSummaryView of(IntegrationMatch match, List<String> oauthGrants) {
        var integration = match.integration();
        return new IntegrationSummaryView(
                integration.id().value(),
                integration.displayName(),
                integration.description(),
                integration.categories(),
                match.connected(),
                oauthGrants);
    }
}
