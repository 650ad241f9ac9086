package dev.connections.tck;

import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.spi.IntegrationCatalog;

/** The bundled catalog passes the catalog contract. */
class BundledCatalogContractTest extends IntegrationCatalogContract {
    @Override
    protected IntegrationCatalog createCatalog() {
        return IntegrationCatalogs.bundled();
    }
}
