package dev.connections.spring.boot;

import dev.connections.catalog.Integration;
import dev.connections.id.IntegrationId;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth2.NimbusOAuthProtocol;
import dev.connections.secret.Secret;
import dev.connections.spi.IntegrationCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * OAuth 2.0 connections: with connections-oauth2 on the classpath, its {@link NimbusOAuthProtocol} and the
 * client registrations of {@code connections.oauth.clients.<app>} (or the host's own {@link OAuthClients} bean,
 * for clients chosen per workspace). Without it, registering a client fails startup with what to add.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionsOAuthConfiguration {

    /** Active when connections-oauth2 is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.connections.oauth2.NimbusOAuthProtocol")
    static class OnClasspath {
        @Bean
        @ConditionalOnMissingBean
        OAuthProtocol connectionsOAuthProtocol(ConnectionsProperties properties) {
            ConnectionsProperties.OAuth oauth = properties.getOauth();
            return NimbusOAuthProtocol.builder()
                    .connectTimeout(oauth.getConnectTimeout())
                    .readTimeout(oauth.getReadTimeout())
                    .build();
        }

        @Bean
        @ConditionalOnMissingBean
        OAuthClients connectionsOAuthClients(ConnectionsProperties properties, IntegrationCatalog catalog) {
            return clientsOf(properties.getOauth(), catalog);
        }
    }

    /** Fails startup when clients are registered but nothing can speak OAuth to their providers. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.connections.oauth2.NimbusOAuthProtocol")
    static class Missing {
        @Bean
        Object connectionsOAuthModuleCheck(ConnectionsProperties properties) {
            if (!properties.getOauth().getClients().isEmpty()) {
                throw new IllegalStateException("connections.oauth.clients is set, but OAuth 2.0 needs"
                        + " dev.connections:connections-oauth2 on the classpath");
            }
            return new Object();
        }
    }

    /**
     * The registrations of {@code connections.oauth.clients}, checked against the catalog so that a typo in an
     * app id or a client id left out fails startup instead of the first "Connect with" click.
     */
    static OAuthClients clientsOf(ConnectionsProperties.OAuth oauth, IntegrationCatalog catalog) {
        Map<IntegrationId, OAuthClient> clients = new LinkedHashMap<>();
        oauth.getClients().forEach((app, client) -> {
            String property = "connections.oauth.clients." + app;
            IntegrationId id = IntegrationId.of(app);
            Integration integration = catalog.find(id)
                    .orElseThrow(() -> new IllegalStateException(property + ": the catalog has no app " + app));
            if (integration.credentials().oauth().isEmpty()) {
                throw new IllegalStateException(
                        property + ": " + integration.displayName() + " does not declare OAuth 2.0 in the catalog");
            }
            if (client.getClientId() == null || client.getClientId().isBlank()) {
                throw new IllegalStateException(property + ".client-id is required");
            }
            Secret secret =
                    client.getClientSecret() == null || client.getClientSecret().isEmpty()
                            ? null
                            : Secret.of(client.getClientSecret());
            clients.put(id, new OAuthClient(client.getClientId(), secret));
        });
        return OAuthClients.perApp(clients);
    }
}
