package dev.connections.web.spring;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.event.ConnectionListener;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.IntegrationCatalog;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import dev.connections.tck.TckOAuthCatalog;
import dev.connections.tck.TckOAuthProvider;
import dev.connections.tck.TickingClock;
import dev.connections.verify.CredentialVerifier;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What a host adds for OAuth 2.0, with the TCK's in-JVM authorization server standing in for the providers:
 * the bundled catalog plus the TCK's two OAuth apps ({@code tck-oauth-docs}, authorization code with revocation;
 * {@code tck-oauth-m2m}, client credentials), a client registered for those two and for custom apps (as an
 * {@link OAuthClients} bean, so the API offers OAuth for exactly them), and the facade built with {@code ConnectionsBuilder.oauth}
 * on the starter's storage and keys. The clock can be moved forward to expire tokens and states.
 */
@Configuration(proxyBeanMethods = false)
class OAuthTestHost {
    static final String CLIENT_ID = "web-test-client";
    /** The client secret: it carries the canary, so the key scan also proves it never shows. */
    static final String CLIENT_SECRET = "client-secret-" + ApiTestSupport.CANARY + "-9d1e";
    /** The id start of custom apps named "Unregistered …", which this host has no client for. */
    static final String UNREGISTERED_CUSTOM_APP = "custom-unregistered";

    /** Turns the provider into what the facade talks to (the browser test puts a consent page in front). */
    @FunctionalInterface
    interface Front extends UnaryOperator<OAuthProtocol> {}

    @Bean
    TickingClock oauthClock() {
        return TickingClock.startingNow();
    }

    @Bean
    TckOAuthProvider oauthProvider(TickingClock clock) {
        return new TckOAuthProvider(clock, CLIENT_ID);
    }

    @Bean
    OAuthClients oauthClients() {
        OAuthClient client = new OAuthClient(CLIENT_ID, Secret.of(CLIENT_SECRET));
        // Custom apps are served by id (it derives from the app's name), as a host's vault would; one name is
        // left without a client so the API's "no client" error can be shown.
        return OAuthClients.perApp(Map.of(TckOAuthCatalog.DOCS, client, TckOAuthCatalog.M2M, client))
                .orElse((workspace, app) -> app.isCustom() && !app.value().startsWith(UNREGISTERED_CUSTOM_APP)
                        ? Optional.of(client)
                        : Optional.empty());
    }

    @Bean
    IntegrationCatalog oauthCatalog() {
        return IntegrationCatalogs.composite(
                IntegrationCatalogs.bundled(),
                IntegrationCatalogs.filtered(
                        new TckOAuthCatalog(),
                        app -> app.id().equals(TckOAuthCatalog.DOCS) || app.id().equals(TckOAuthCatalog.M2M)));
    }

    @Bean(destroyMethod = "close")
    Connections connections(
            ConnectionRepository repository,
            SecretStore secretStore,
            KeyProvider keyProvider,
            IntegrationCatalog catalog,
            TickingClock clock,
            TckOAuthProvider provider,
            OAuthClients clients,
            ObjectProvider<Front> front,
            ObjectProvider<ConnectionListener> listeners,
            ObjectProvider<CredentialVerifier> verifier) {
        OAuthProtocol protocol = front.getIfAvailable(() -> p -> p).apply(provider);
        ConnectionsBuilder builder = ConnectionsBuilder.newBuilder()
                .repository(repository)
                .secretStore(secretStore)
                .keyProvider(keyProvider)
                .catalog(catalog)
                .clock(clock)
                .oauth(protocol, clients)
                .oauthRefreshMargin(Duration.ofMinutes(5));
        listeners.orderedStream().forEach(builder::listener);
        verifier.ifUnique(builder::credentialVerifier);
        return builder.build();
    }
}
