/**
 * Spring Boot auto-configuration for Connections: {@link dev.connections.spring.boot.ConnectionsAutoConfiguration}
 * (storage, keys, cache, change feed from {@code connections.*}), {@link
 * dev.connections.spring.boot.ConnectionsMetricsAutoConfiguration} (Micrometer) and {@link
 * dev.connections.spring.boot.ConnectionsHealthAutoConfiguration} (actuator health).
 */
@NullMarked
package dev.connections.spring.boot;

import org.jspecify.annotations.NullMarked;
