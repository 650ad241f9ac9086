package dev.connections.tck;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.util.List;

/**
 * A host catalog in front of the bundled one (one entry shadowing a bundled id, names with accents and
 * punctuation), minus one bundled app, passes the catalog contract.
 */
class CompositeCatalogContractTest extends IntegrationCatalogContract {
    @Override
    protected IntegrationCatalog createCatalog() {
        IntegrationCatalog host = IntegrationCatalogs.of(
                app("slack", "Slack (EU proxy)"),
                app("zoe-cafe", "Zoë's Café"),
                app("acme-crm", "ACME-CRM"),
                app("hub-two", "Hub Spot Two"));
        return IntegrationCatalogs.filtered(
                IntegrationCatalogs.composite(host, IntegrationCatalogs.bundled()),
                integration -> !integration.id().value().equals("zapier"));
    }

    private static Integration app(String id, String name) {
        return new Integration(
                IntegrationId.of(id),
                name,
                "Host app",
                List.of("Host"),
                CredentialSpec.of(KeyPlacement.header("X-Key")),
                null,
                null);
    }
}
