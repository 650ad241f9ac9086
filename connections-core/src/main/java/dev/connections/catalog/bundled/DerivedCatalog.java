package dev.connections.catalog.bundled;

import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A catalog computed from other catalogs: several merged with the first winning on a duplicate id, or
 * one filtered.
 *
 * <p>Lookups by id go straight to the parts, so a part backed by a database is asked for one id, not
 * its whole list. The merged list and its search index are rebuilt only when a part returns a
 * different {@code all()} list instance than last time: fixed catalogs return the same list every
 * time and so are indexed once, while a part whose contents change still answers correctly.
 */
final class DerivedCatalog implements IntegrationCatalog {
    private final List<IntegrationCatalog> parts;
    private final Predicate<Integration> filter;
    private final String description;
    private volatile Snapshot snapshot = new Snapshot(List.of(), IntegrationSearch.over(List.of()));

    private record Snapshot(List<List<Integration>> sources, IntegrationSearch index) {}

    private DerivedCatalog(List<IntegrationCatalog> parts, Predicate<Integration> filter, String description) {
        this.parts = List.copyOf(parts);
        this.filter = filter;
        this.description = description;
    }

    static IntegrationCatalog composite(List<IntegrationCatalog> parts) {
        parts.forEach(part -> Objects.requireNonNull(part, "catalog"));
        return new DerivedCatalog(parts, integration -> true, "composite of " + parts);
    }

    static IntegrationCatalog filtered(IntegrationCatalog part, Predicate<Integration> filter) {
        Objects.requireNonNull(part, "catalog");
        Objects.requireNonNull(filter, "filter");
        return new DerivedCatalog(List.of(part), filter, "filtered " + part);
    }

    @Override
    public Optional<Integration> find(IntegrationId id) {
        Objects.requireNonNull(id, "id");
        for (IntegrationCatalog part : parts) {
            Optional<Integration> found = part.find(id);
            if (found.isPresent()) {
                // The first catalog holding the id decides, even when the filter then hides it:
                // a later catalog's entry with the same id is shadowed, as in all().
                return found.filter(filter);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Integration> all() {
        return current().index().all();
    }

    @Override
    public List<Integration> search(String query) {
        return current().index().search(query);
    }

    private Snapshot current() {
        List<List<Integration>> sources = new ArrayList<>(parts.size());
        parts.forEach(part -> sources.add(part.all()));
        Snapshot seen = snapshot;
        if (sameInstances(seen.sources(), sources)) {
            return seen;
        }
        Map<IntegrationId, Integration> merged = new LinkedHashMap<>();
        for (List<Integration> source : sources) {
            for (Integration integration : source) {
                merged.putIfAbsent(integration.id(), integration);
            }
        }
        List<Integration> visible = merged.values().stream().filter(filter).toList();
        Snapshot fresh = new Snapshot(sources, IntegrationSearch.over(visible));
        snapshot = fresh;
        return fresh;
    }

    private static boolean sameInstances(List<List<Integration>> a, List<List<Integration>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (a.get(i) != b.get(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "IntegrationCatalog[" + description + "]";
    }
}
