package dev.connections.catalog;

import dev.connections.spi.IntegrationCatalog;

/** PLACEHOLDER — replaced by the catalog work. */
public final class IntegrationCatalogs {
    private IntegrationCatalogs() {}

    public static IntegrationCatalog bundled() {
        throw new UnsupportedOperationException("not built yet");
    }
}
