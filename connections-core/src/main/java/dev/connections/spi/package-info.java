/**
 * Service-provider interfaces: what a storage, catalog, key or change-feed plugin implements.
 *
 * <p>Each has a contract test class in connections-tck; extend it to check an implementation: {@code
 * ConnectionRepositoryContract}, {@code SecretStoreContract}, {@code IntegrationCatalogContract}, {@code
 * KeyProviderContract} and {@code ChangeFeedContract} (and {@code KeyUsageCounterContract} for {@link
 * dev.connections.crypto.KeyUsageCounter}, which lives beside the cipher).
 */
@NullMarked
package dev.connections.spi;

import org.jspecify.annotations.NullMarked;
