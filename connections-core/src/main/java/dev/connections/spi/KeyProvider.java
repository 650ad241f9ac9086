package dev.connections.spi;

import dev.connections.crypto.KeyRing;

/**
 * Supplies the data-encryption keys (key id → AES-256 key) and which one encrypts new keys, so hosts
 * can bring keys from their own KMS or key store. The contract is {@code KeyProviderContract} in
 * connections-tck.
 */
@FunctionalInterface
public interface KeyProvider {

    /** The current key ring; called at start-up and whenever the host asks the library to reload keys. */
    KeyRing keyRing();
}
