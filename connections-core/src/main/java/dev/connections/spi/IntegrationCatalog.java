package dev.connections.spi;

import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.id.IntegrationId;
import java.util.List;
import java.util.Optional;

/**
 * The pre-built integrations a workspace can connect to (B2).
 *
 * <p>The library ships a bundled catalog ({@code IntegrationCatalogs.bundled()}); hosts replace it or
 * add their own. Implementations must be thread-safe and must not return ids starting with {@code
 * custom-}, which are reserved for workspaces' custom apps. The contract is {@code
 * IntegrationCatalogContract} in connections-tck.
 */
public interface IntegrationCatalog {

    /** The integration with this id, if the catalog has it. */
    Optional<Integration> find(IntegrationId id);

    /**
     * Every integration, sorted by display name case-insensitively ({@link
     * IntegrationSearch#BY_DISPLAY_NAME}), as an unmodifiable list. A catalog whose contents change
     * returns a new list instance afterwards: composites re-index only when a part's list changes.
     */
    List<Integration> all();

    /**
     * Integrations matching {@code query}, best first, using the library's ranking (exact name, name
     * prefix, word prefix, substring; case-, accent- and punctuation-insensitive). A blank query returns
     * {@link #all()}. Override only to delegate to an index that ranks the same way.
     */
    default List<Integration> search(String query) {
        return IntegrationSearch.rank(all(), query);
    }
}
