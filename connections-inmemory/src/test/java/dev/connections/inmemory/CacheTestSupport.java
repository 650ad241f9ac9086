package dev.connections.inmemory;

import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.crypto.KeyRing;
import dev.connections.id.IntegrationId;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.IntegrationCatalog;
import java.util.List;

/** Wiring shared by the cache tests: a two-app catalog and a fixed key ring. */
final class CacheTestSupport {
    static final IntegrationId OPENAI = IntegrationId.of("openai");
    static final IntegrationId SLACK = IntegrationId.of("slack");
    static final KeyRing KEYS =
            KeyRing.builder().primary("test-1", new byte[32]).build();

    private CacheTestSupport() {}

    static IntegrationCatalog catalog() {
        return IntegrationCatalogs.of(app(OPENAI, "OpenAI"), app(SLACK, "Slack"));
    }

    /** A builder over fresh in-memory storage; the same storage is passed for two-instance tests. */
    static ConnectionsBuilder over(ConnectionRepository repository, InMemorySecretStore secrets) {
        return ConnectionsBuilder.newBuilder()
                .repository(repository)
                .secretStore(secrets)
                .keyRing(KEYS)
                .catalog(catalog());
    }

    private static Integration app(IntegrationId id, String name) {
        return new Integration(
                id, name, name + " API", List.of("Test"), CredentialSpec.of(KeyPlacement.bearer()), null, null);
    }
}
