package dev.connections.catalog;

import dev.connections.id.IntegrationId;
import java.util.List;

/** Small integrations for catalog and search tests. */
/** Catalog entries for tests of the catalog and its search. */
public final class Fixtures {
    private Fixtures() {}

    public static Integration app(String id, String name) {
        return app(id, name, List.of("Test"), List.of());
    }

    public static Integration app(String id, String name, List<String> categories, List<String> aliases) {
        return new Integration(
                IntegrationId.of(id),
                name,
                "Test app " + name,
                categories,
                CredentialSpec.of(KeyPlacement.bearer()),
                null,
                null,
                aliases);
    }

    public static List<String> names(List<Integration> integrations) {
        return integrations.stream().map(Integration::displayName).toList();
    }

    public static List<String> ids(List<Integration> integrations) {
        return integrations.stream().map(i -> i.id().value()).toList();
    }
}
