package dev.connections.spring.boot;

import dev.connections.redis.RedisChangeFeed;
import dev.connections.spi.ChangeFeed;
import io.lettuce.core.RedisClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code connections.change-feed=redis}: a {@link RedisChangeFeed} on the application's Lettuce {@link
 * RedisClient} bean, or on a client of its own for {@code connections.redis.url}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "connections.change-feed", havingValue = "redis")
class ConnectionsRedisConfiguration {

    /** Active when connections-redis is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.connections.redis.RedisChangeFeed")
    static class OnClasspath {
        @Bean
        @ConditionalOnMissingBean
        ChangeFeed connectionsChangeFeed(ObjectProvider<RedisClient> client, ConnectionsProperties properties) {
            ConnectionsProperties.Redis redis = properties.getRedis();
            RedisClient hostClient = client.getIfUnique();
            RedisChangeFeed.Builder builder;
            if (hostClient != null) {
                builder = RedisChangeFeed.builder(hostClient);
            } else if (redis.getUrl() != null && !redis.getUrl().isBlank()) {
                builder = RedisChangeFeed.builder(redis.getUrl());
            } else {
                throw new IllegalStateException("connections.change-feed=redis needs a Lettuce RedisClient bean or"
                        + " connections.redis.url (e.g. redis://host:6379)");
            }
            return builder.channel(redis.getChannel()).build();
        }
    }

    /** Fails startup with what to add when connections-redis is missing, instead of running without a feed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.connections.redis.RedisChangeFeed")
    static class Missing {
        @Bean
        Object connectionsRedisModuleMissing() {
            throw new IllegalStateException("connections.change-feed=redis needs dev.connections:connections-redis"
                    + " (and its io.lettuce:lettuce-core) on the classpath");
        }
    }
}
