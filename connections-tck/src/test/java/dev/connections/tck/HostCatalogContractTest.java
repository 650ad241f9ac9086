package dev.connections.tck;

import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationSearch;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A minimal host implementation that keeps the SPI's default {@code search} passes the contract: the
 * default ranking is the library's.
 */
class HostCatalogContractTest extends IntegrationCatalogContract {
    @Override
    protected IntegrationCatalog createCatalog() {
        return new MinimalCatalog(IntegrationCatalogs.bundled().all());
    }

    private static final class MinimalCatalog implements IntegrationCatalog {
        private final List<Integration> integrations;

        MinimalCatalog(List<Integration> integrations) {
            List<Integration> sorted = new ArrayList<>(integrations);
            sorted.sort(IntegrationSearch.BY_DISPLAY_NAME);
            this.integrations = List.copyOf(sorted);
        }

        @Override
        public Optional<Integration> find(IntegrationId id) {
            return integrations.stream().filter(i -> i.id().equals(id)).findFirst();
        }

        @Override
        public List<Integration> all() {
            return integrations;
        }
    }
}
