/**
 * "Test connection": checking a key against the app's live API. {@link dev.connections.verify.CredentialVerifier}
 * is the SPI; {@link dev.connections.verify.HttpCredentialVerifier} sends the catalog's
 * {@link dev.connections.catalog.Probe probes} with the JDK's HTTP client.
 */
@NullMarked
package dev.connections.verify;

import org.jspecify.annotations.NullMarked;
