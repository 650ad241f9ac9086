package dev.connections.inmemory;

import dev.connections.crypto.KeyRing;
import dev.connections.keys.KeyProviders;
import dev.connections.spi.KeyProvider;
import dev.connections.tck.KeyProviderContract;

/** The key provider contract for {@link KeyProviders#fixed}: a primary and a decrypt-only key. */
class FixedKeyProviderContractTest extends KeyProviderContract {
    @Override
    protected KeyProvider createProvider() {
        return KeyProviders.fixed(KeyRing.builder()
                .primary("k2", KeyProviderFixture.randomKey())
                .decryptOnly("k1", KeyProviderFixture.randomKey())
                .build());
    }
}
