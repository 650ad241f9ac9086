package dev.connections.inmemory;

import dev.connections.keys.KeyProviders;
import dev.connections.spi.KeyProvider;
import dev.connections.tck.KeyProviderContract;

/** The key provider contract for {@link KeyProviders#fromText}: parsed once, so its ring never changes. */
class TextKeyProviderContractTest extends KeyProviderContract {
    @Override
    protected KeyProvider createProvider() {
        return KeyProviders.fromText(KeyProviderFixture.text("k2", "k2", "k1"));
    }
}
