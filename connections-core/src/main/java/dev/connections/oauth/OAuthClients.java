package dev.connections.oauth;

import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.util.Map;
import java.util.Optional;

/**
 * The host's OAuth 2.0 client registrations, per app and, where a host needs that, per workspace (a
 * workspace that brings its own Salesforce connected app). Without a registration an app cannot be
 * connected by OAuth.
 */
@FunctionalInterface
public interface OAuthClients {

    /** No registrations: no app can be connected by OAuth. */
    OAuthClients NONE = (workspace, app) -> Optional.empty();

    /** The client to use for {@code app} in {@code workspace}. */
    Optional<OAuthClient> client(WorkspaceId workspace, IntegrationId app);

    /** The same client for every workspace, one per app. */
    static OAuthClients perApp(Map<IntegrationId, OAuthClient> clients) {
        Map<IntegrationId, OAuthClient> copy = Map.copyOf(clients);
        return (workspace, app) -> Optional.ofNullable(copy.get(app));
    }

    /** These registrations, and {@code fallback}'s for the apps and workspaces they do not cover. */
    default OAuthClients orElse(OAuthClients fallback) {
        return (workspace, app) -> {
            Optional<OAuthClient> own = client(workspace, app);
            return own.isPresent() ? own : fallback.client(workspace, app);
        };
    }
}
