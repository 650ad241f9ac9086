package dev.connections.jdbc;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/** Three bearer-key apps for the adapter's own facade tests. */
final class TestCatalog implements IntegrationCatalog {
    static final IntegrationId ONE = IntegrationId.of("app-one");
    static final IntegrationId TWO = IntegrationId.of("app-two");
    static final IntegrationId THREE = IntegrationId.of("app-three");

    private final List<Integration> all = List.of(app(ONE, "App One"), app(THREE, "App Three"), app(TWO, "App Two"));

    private static Integration app(IntegrationId id, String name) {
        return new Integration(
                id,
                name,
                "Test app",
                List.of("Test"),
                CredentialSpec.of(KeyPlacement.bearer()),
                URI.create("https://" + id.value() + ".example"),
                null);
    }

    @Override
    public Optional<Integration> find(IntegrationId id) {
        return all.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    @Override
    public List<Integration> all() {
        return all;
    }
}
