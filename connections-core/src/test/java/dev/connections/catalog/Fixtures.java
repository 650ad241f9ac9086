package dev.connections.catalog;

import java.util.List;

/** Small integrations for catalog and search tests. */
final class Fixtures {
    private Fixtures() {}

    static Integration app(String id, String name) {
        return app(id, name, List.of("Test"), List.of());
    }

    static Integration app(String id, String name, List<String> categories, List<String> aliases) {
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

    static List<String> names(List<Integration> integrations) {
        return integrations.stream().map(Integration::displayName).toList();
    }

    static List<String> ids(List<Integration> integrations) {
        return integrations.stream().map(i -> i.id().value()).toList();
    }
}
