package dev.connections.tck;

import dev.connections.spi.IntegrationCatalog;

/** The small catalog the facade contracts use passes the catalog contract too. */
class TckCatalogContractTest extends IntegrationCatalogContract {
    @Override
    protected IntegrationCatalog createCatalog() {
        return new TckCatalog();
    }
}
