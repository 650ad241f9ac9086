package dev.connections;

import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationMatch;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.connection.ConnectedApp;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.ConnectionValidationException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ConnectionRepository;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The read side of the page: connected apps with counts, an app's connections in order, the catalog search. */
final class PageListings {
    /** Default first, then by name, then oldest first: the order of an app's page (B1). */
    private static final Comparator<Connection> LISTING_ORDER = Comparator.comparing((Connection c) -> !c.isDefault())
            .thenComparing(c -> c.name().toLowerCase(Locale.ROOT))
            .thenComparing(Connection::createdAt)
            .thenComparing(Connection::id);

    private final ConnectionRepository repository;
    private final AppDirectory apps;

    PageListings(ConnectionRepository repository, AppDirectory apps) {
        this.repository = repository;
        this.apps = apps;
    }

    /** The workspace's connected apps; those in {@code needingAttention} are flagged. */
    List<ConnectedApp> connectedApps(WorkspaceId workspace, Set<IntegrationId> needingAttention) {
        Map<IntegrationId, Integer> counts = repository.countByIntegration(workspace);
        if (counts.isEmpty()) {
            return List.of();
        }
        Map<IntegrationId, Integration> byId = apps.all(workspace, counts.keySet());
        List<ConnectedApp> connected = new ArrayList<>(counts.size());
        counts.forEach((id, count) -> {
            if (count > 0) {
                Integration app = byId.get(id);
                connected.add(new ConnectedApp(
                        app, count, needingAttention.contains(id) || defaultNeedsReconnect(workspace, app)));
            }
        });
        // The catalog's own order, so "Your connected apps" and "Explore" list apps alike.
        connected.sort(Comparator.comparing(ConnectedApp::integration, IntegrationSearch.BY_DISPLAY_NAME));
        return List.copyOf(connected);
    }

    /** Whether the app's default was made by OAuth and its grant was refused: triggers fail until a reconnect. */
    private boolean defaultNeedsReconnect(WorkspaceId workspace, Integration app) {
        // Only an app that declares OAuth can hold such a connection: the others cost no read.
        return app.credentials().oauth().isPresent()
                && repository
                        .findDefault(workspace, app.id())
                        .flatMap(Connection::oauthGrant)
                        .filter(OAuthGrant::needsReconnect)
                        .isPresent();
    }

    List<Connection> connections(WorkspaceId workspace, IntegrationId integration) {
        List<Connection> list = new ArrayList<>(repository.list(workspace, integration));
        list.sort(LISTING_ORDER);
        return List.copyOf(list);
    }

    List<IntegrationMatch> explore(WorkspaceId workspace, String query) {
        // Before any normalisation: NFKD can make one character eighteen, so a long query costs CPU.
        if (query != null && query.length() > IntegrationSearch.MAX_QUERY_LENGTH) {
            throw ConnectionValidationException.of(
                    "query", "A search has at most " + IntegrationSearch.MAX_QUERY_LENGTH + " characters.");
        }
        Map<IntegrationId, Integer> counts = repository.countByIntegration(workspace);
        return apps.catalog().search(query == null ? "" : query).stream()
                .map(app -> new IntegrationMatch(app, counts.getOrDefault(app.id(), 0) > 0))
                .toList();
    }
}
