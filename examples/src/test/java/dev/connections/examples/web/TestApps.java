package dev.connections.examples.web;

import dev.connections.Connections;

/** How the tests wire the app: in-memory storage, the app on a free loopback port. */
final class TestApps {
    private TestApps() {}

    static WebApp start() {
        Connections connections = Storage.inMemory(Connections.builder().catalog(new StubCatalog()));
        return WebApp.start(connections, "127.0.0.1", 0);
    }
}
