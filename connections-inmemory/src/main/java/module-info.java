/** In-memory storage for Connections: a thread-safe {@code ConnectionRepository} and {@code SecretStore}. */
module dev.connections.inmemory {
    requires transitive dev.connections.core;

    exports dev.connections.inmemory;
}
