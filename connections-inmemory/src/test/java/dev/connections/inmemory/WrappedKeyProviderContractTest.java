package dev.connections.inmemory;

import dev.connections.crypto.KeyRing;
import dev.connections.keys.KeyProviders;
import dev.connections.keys.MasterKey;
import dev.connections.keys.MasterKeys;
import dev.connections.keys.WrappedKeyRing;
import dev.connections.spi.KeyProvider;
import dev.connections.tck.KeyProviderContract;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The key provider contract for {@link KeyProviders#wrapped(java.util.function.Supplier, MasterKey)}: data
 * keys wrapped by a master key, the wrapped text re-read on every call.
 */
class WrappedKeyProviderContractTest extends KeyProviderContract {
    private final MasterKey master = MasterKeys.aes("tck-master", KeyProviderFixture.randomKey());
    private final AtomicReference<String> wrapped = new AtomicReference<>();

    @Override
    protected KeyProvider createProvider() {
        KeyRing ring = KeyRing.builder()
                .primary("k1", KeyProviderFixture.randomKey())
                .decryptOnly("k0", KeyProviderFixture.randomKey())
                .build();
        wrapped.set(WrappedKeyRing.wrap(ring, master));
        return KeyProviders.wrapped(wrapped::get, master);
    }

    @Override
    protected boolean addPrimaryToSource(String newKeyId) {
        wrapped.set(WrappedKeyRing.addPrimary(wrapped.get(), master, newKeyId));
        return true;
    }
}
