package dev.connections.spring.boot;

import dev.connections.Connections;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.spi.KeyProvider;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** {@link ConnectionsMetrics} when Micrometer is on the classpath; Spring Boot binds it to the registries. */
@AutoConfiguration(after = ConnectionsAutoConfiguration.class)
@ConditionalOnClass(MeterBinder.class)
public class ConnectionsMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConnectionsMetrics connectionsMetrics(
            ObjectProvider<Connections> connections,
            KeyProvider keyProvider,
            KeyUsageCounter keyUsageCounter,
            KeyUsageLimits keyUsageLimits) {
        return new ConnectionsMetrics(connections::getObject, keyProvider, keyUsageCounter, keyUsageLimits);
    }
}
