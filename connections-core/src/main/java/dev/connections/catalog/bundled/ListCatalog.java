package dev.connections.catalog.bundled;

import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.catalog.InvalidCatalogException;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A fixed catalog held in memory with its search index, built once. */
final class ListCatalog implements IntegrationCatalog {
    private final String source;
    private final Map<IntegrationId, Integration> byId;
    private final IntegrationSearch index;

    ListCatalog(String source, Collection<Integration> integrations) {
        this.source = source;
        Map<IntegrationId, Integration> map = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (Integration integration : integrations) {
            Objects.requireNonNull(integration, "integration");
            if (integration.isCustom()) {
                problems.add("id \"" + integration.id() + "\": ids starting with \"" + IntegrationId.CUSTOM_PREFIX
                        + "\" are reserved for workspaces' custom apps");
            } else if (map.putIfAbsent(integration.id(), integration) != null) {
                problems.add("id \"" + integration.id() + "\": appears more than once; every id must be unique");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidCatalogException(source, problems);
        }
        this.byId = Map.copyOf(map);
        this.index = IntegrationSearch.over(map.values());
    }

    @Override
    public Optional<Integration> find(IntegrationId id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Integration> all() {
        return index.all();
    }

    @Override
    public List<Integration> search(String query) {
        return index.search(query);
    }

    @Override
    public String toString() {
        return "IntegrationCatalog[" + source + ", " + byId.size() + " integrations]";
    }
}
