package dev.connections.nats;

import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.tck.ChangeFeedContract;

/**
 * The change-feed contract for {@link NatsChangeFeed} on the NATS server of {@code CONNECTIONS_TEST_NATS_URL}:
 * two facades over one shared storage, each with its own connection and feed on one subject of this test's
 * own; B converges within 1 s.
 */
class NatsChangeFeedContractTest extends ChangeFeedContract {
    private final InMemoryConnectionRepository repository = new InMemoryConnectionRepository();
    private final InMemorySecretStore secrets = new InMemorySecretStore();
    private final String subject = NatsServer.uniqueSubject();

    @Override
    protected Instance createInstance() {
        return new Instance(
                repository,
                secrets,
                NatsChangeFeed.builder(NatsServer.url()).subject(subject).build());
    }
}
