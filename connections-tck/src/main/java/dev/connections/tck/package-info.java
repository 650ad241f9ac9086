/**
 * Contract tests every implementation of the library's SPIs must pass: extend the abstract class and
 * supply the implementation.
 *
 * <p>Every SPI has one: {@link dev.connections.tck.ConnectionRepositoryContract}, {@link
 * dev.connections.tck.AuthorizationStateContract} (a repository's OAuth 2.0 authorization states) and {@link
 * dev.connections.tck.SecretStoreContract} check storage adapters directly, {@link
 * dev.connections.tck.IntegrationCatalogContract} catalogs, {@link dev.connections.tck.ChangeFeedContract}
 * change feeds (two facades over shared storage, one feed each), {@link
 * dev.connections.tck.KeyProviderContract} key providers and {@link
 * dev.connections.tck.KeyUsageCounterContract} key-usage counters; {@link
 * dev.connections.tck.ConnectionsContract}, {@link dev.connections.tck.ConnectionsConcurrencyContract},
 * {@link dev.connections.tck.ConnectionsStatefulContract} and {@link
 * dev.connections.tck.SecretLeakContract} run the behaviours B1–B8 through the {@code Connections}
 * facade on top of them. Every test works in fresh random workspaces, so the contracts can share one
 * database with other tests and runs.
 */
@NullMarked
package dev.connections.tck;

import org.jspecify.annotations.NullMarked;
