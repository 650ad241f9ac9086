package dev.connections.inmemory;

import dev.connections.tck.FaultyStorage;
import dev.connections.tck.OAuthFaultContract;

/** The OAuth refresh fault contract on the in-memory adapter, with faults injected at the SPI seam. */
class InMemoryOAuthFaultTest extends OAuthFaultContract {
    @Override
    protected FaultyStorage createStorage() {
        InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
        InMemorySecretStore secrets = new InMemorySecretStore();
        SeamFaultInjector faults = new SeamFaultInjector(repository, secrets);
        return FaultyStorage.of(faults.repository(), faults.secrets(), repository, secrets, faults);
    }
}
