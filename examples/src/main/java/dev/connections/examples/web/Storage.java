package dev.connections.examples.web;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.crypto.KeyRing;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the reference app keeps its connections: the one class to change when a host swaps storage.
 *
 * <p>Everything else in the app talks to the {@link Connections} facade only.
 */
final class Storage {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private Storage() {}

    /** The storage the app starts with, chosen from the environment. */
    static Connections open(Map<String, String> env) {
        LOG.warn("Connections are kept in memory: they are gone when the app stops.");
        return inMemory(Connections.builder());
    }

    /** In-memory storage with a generated development key, on top of {@code builder}'s other settings. */
    static Connections inMemory(ConnectionsBuilder builder) {
        return builder.repository(new InMemoryConnectionRepository())
                .secretStore(new InMemorySecretStore())
                .keyRing(KeyRing.generateForDevelopment())
                .build();
    }
}
