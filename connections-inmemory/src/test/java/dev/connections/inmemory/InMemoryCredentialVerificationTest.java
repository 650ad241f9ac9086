package dev.connections.inmemory;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.CredentialVerificationContract;

/** "Test connection" through the facade over the in-memory adapter. */
class InMemoryCredentialVerificationTest extends CredentialVerificationContract {
    @Override
    protected ConnectionRepository createRepository() {
        return new InMemoryConnectionRepository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return new InMemorySecretStore();
    }
}
