package dev.connections.spring.boot;

import dev.connections.nats.NatsChangeFeed;
import dev.connections.spi.ChangeFeed;
import io.nats.client.Connection;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code connections.change-feed=nats}: a {@link NatsChangeFeed} on the application's NATS {@link Connection}
 * bean, or on a connection of its own for {@code connections.nats.url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "connections.change-feed", havingValue = "nats")
class ConnectionsNatsConfiguration {

    /** Active when connections-nats is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.connections.nats.NatsChangeFeed")
    static class OnClasspath {
        @Bean
        @ConditionalOnMissingBean
        ChangeFeed connectionsChangeFeed(ObjectProvider<Connection> connection, ConnectionsProperties properties) {
            ConnectionsProperties.Nats nats = properties.getNats();
            Connection hostConnection = connection.getIfUnique();
            NatsChangeFeed.Builder builder;
            if (hostConnection != null) {
                builder = NatsChangeFeed.builder(hostConnection);
            } else if (nats.getUrl() != null && !nats.getUrl().isBlank()) {
                builder = NatsChangeFeed.builder(nats.getUrl());
            } else {
                throw new IllegalStateException("connections.change-feed=nats needs an io.nats.client.Connection bean"
                        + " or connections.nats.url (e.g. nats://host:4222)");
            }
            return builder.subject(nats.getSubject()).build();
        }
    }

    /** Fails startup with what to add when connections-nats is missing, instead of running without a feed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.connections.nats.NatsChangeFeed")
    static class Missing {
        @Bean
        Object connectionsNatsModuleMissing() {
            throw new IllegalStateException("connections.change-feed=nats needs dev.connections:connections-nats"
                    + " (and its io.nats:jnats) on the classpath");
        }
    }
}
