package dev.connections.inmemory;

import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.tck.KeyUsageCounterContract;

/** The key-usage counter contract for {@link InMemoryKeyUsageCounter}. */
class InMemoryKeyUsageCounterContractTest extends KeyUsageCounterContract {
    @Override
    protected KeyUsageCounter createCounter() {
        return new InMemoryKeyUsageCounter();
    }
}
