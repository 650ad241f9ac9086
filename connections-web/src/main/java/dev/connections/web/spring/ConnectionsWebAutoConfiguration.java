package dev.connections.web.spring;

import dev.connections.spring.boot.ConnectionsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Mounts the Connections page and API in a servlet Spring MVC host; {@code connections.web.enabled=false} turns it off. */
@AutoConfiguration(after = ConnectionsAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(prefix = "connections.web", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(ConnectionsWebProperties.class)
public class ConnectionsWebAutoConfiguration {}
