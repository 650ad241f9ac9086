package dev.connections.spring.boot;

import dev.connections.event.OperationObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link ConnectionsObservation} when Micrometer's Observation API is on the class path: spans and timers per
 * resolve, "Test connection" and write, through the host's {@link ObservationRegistry} (none recorded while the
 * host has no registry).
 */
@AutoConfiguration(before = ConnectionsAutoConfiguration.class)
@ConditionalOnClass(ObservationRegistry.class)
public class ConnectionsObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(OperationObserver.class)
    ConnectionsObservation connectionsObservation(ObjectProvider<ObservationRegistry> registry) {
        return new ConnectionsObservation(() -> registry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }
}
