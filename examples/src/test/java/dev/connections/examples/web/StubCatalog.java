package dev.connections.examples.web;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationId;
import dev.connections.catalog.KeyPlacement;
import dev.connections.spi.IntegrationCatalog;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** TEMPORARY: a few integrations until the bundled catalog lands on main. */
final class StubCatalog implements IntegrationCatalog {
    private final List<Integration> all = List.of(
                    app("openai", "OpenAI", KeyPlacement.bearer()),
                    app("anthropic", "Anthropic", KeyPlacement.header("x-api-key")),
                    app("slack", "Slack", KeyPlacement.bearer()),
                    app("stripe", "Stripe", new KeyPlacement.BasicAuth(null)),
                    app("github", "GitHub", KeyPlacement.bearer()),
                    app("hubspot", "HubSpot", KeyPlacement.bearer()))
            .stream()
            .sorted(Comparator.comparing(i -> i.displayName().toLowerCase(Locale.ROOT)))
            .toList();

    private static Integration app(String id, String name, KeyPlacement placement) {
        return new Integration(
                IntegrationId.of(id),
                name,
                name + " API.",
                List.of("Demo"),
                CredentialSpec.of(placement),
                URI.create("https://api." + id + ".com"),
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

    @Override
    public List<Integration> search(String query) {
        String q = query.strip().toLowerCase(Locale.ROOT);
        return all.stream()
                .filter(i -> i.displayName().toLowerCase(Locale.ROOT).contains(q))
                .toList();
    }
}
