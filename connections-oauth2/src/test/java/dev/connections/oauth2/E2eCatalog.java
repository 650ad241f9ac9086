package dev.connections.oauth2;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A catalog of a few apps connected by OAuth 2.0 to an authorization server the test runs. */
final class E2eCatalog implements IntegrationCatalog {
    private final List<Integration> all;

    E2eCatalog(Map<IntegrationId, OAuth2Spec> apps) {
        this.all = apps.entrySet().stream()
                .map(e -> new Integration(
                        e.getKey(),
                        "App " + e.getKey().value(),
                        "An app whose authorization server runs in the test.",
                        List.of("Testing"),
                        CredentialSpec.of(KeyPlacement.bearer()).withOAuth2(e.getValue()),
                        URI.create("https://api.example.com"),
                        null))
                .toList();
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
