/**
 * Service-provider interfaces: what a storage, catalog, key or change-feed plugin implements.
 *
 * <p>Each has a contract test class in connections-tck; extend it to check an implementation.
 */
@NullMarked
package dev.connections.spi;

import org.jspecify.annotations.NullMarked;
