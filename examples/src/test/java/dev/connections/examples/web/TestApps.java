package dev.connections.examples.web;

import dev.connections.Connections;

/** How the tests wire the app: in-memory storage and the bundled catalog, on a free loopback port. */
final class TestApps {
    private TestApps() {}

    static WebApp start() {
        return WebApp.start(Storage.inMemory(Connections.builder()), "127.0.0.1", 0);
    }
}
