package dev.connections.examples.web;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the tests start the app: exactly as a user does (embedded H2 file database and development key
 * file, bundled catalog), but in a temporary directory and on a free loopback port.
 */
final class TestApps {
    private TestApps() {}

    static WebApp start(Path dataDir) {
        return WebApp.start(Storage.open(Map.of(), dataDir), "127.0.0.1", 0);
    }
}
