package dev.connections.inmemory;

import dev.connections.tck.ConnectionsFaultContract;
import dev.connections.tck.FaultyStorage;
import java.time.Duration;

/** The fault contract on the in-memory adapter, with faults injected at the SPI seam by Mockito. */
class InMemoryConnectionsFaultContractTest extends ConnectionsFaultContract {
    @Override
    protected FaultyStorage createStorage() {
        InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
        InMemorySecretStore secrets = new InMemorySecretStore();
        SeamFaultInjector faults = new SeamFaultInjector(repository, secrets);
        return FaultyStorage.of(faults.repository(), faults.secrets(), repository, secrets, faults);
    }

    @Override
    protected Duration outageDuration() {
        // Nothing in memory retries: any outage outlasts the retry budget.
        return Duration.ofMillis(300);
    }
}
