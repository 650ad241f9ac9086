package dev.connections.spring.boot;

import dev.connections.Connections;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.KeyProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** The {@code connections} health indicator, when Spring Boot's health support is on the classpath. */
@AutoConfiguration(after = ConnectionsAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(Connections.class)
@ConditionalOnEnabledHealthIndicator("connections")
public class ConnectionsHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "connectionsHealthIndicator")
    ConnectionsHealthIndicator connectionsHealthIndicator(
            Connections connections,
            ObjectProvider<SchemaVersions> schema,
            ObjectProvider<ChangeFeed> changeFeed,
            KeyProvider keyProvider,
            KeyUsageCounter keyUsageCounter,
            KeyUsageLimits keyUsageLimits) {
        return new ConnectionsHealthIndicator(
                connections,
                schema.getIfUnique(),
                changeFeed.getIfUnique(),
                keyProvider,
                keyUsageCounter,
                keyUsageLimits);
    }
}
