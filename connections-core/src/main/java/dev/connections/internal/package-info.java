/**
 * Helpers core shares with its own adapters (JDBC, Redis, NATS) and with no one else: exported to those
 * modules only, so it is not part of the API or the SPI and may change in any release.
 */
@NullMarked
package dev.connections.internal;

import org.jspecify.annotations.NullMarked;
