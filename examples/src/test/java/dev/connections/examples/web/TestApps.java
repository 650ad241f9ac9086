package dev.connections.examples.web;

import java.nio.file.Path;
import java.util.Map;

/**
 * How the tests start the app: exactly as a user does (embedded H2 file database and development key
 * file, bundled catalog), but in a temporary directory and on a free loopback port, and with a
 * {@link ScriptedVerifier} in place of the real key check so no test calls a third-party API.
 */
final class TestApps {
    private TestApps() {}

    static WebApp start(Path dataDir) {
        return start(dataDir, new ScriptedVerifier());
    }

    static WebApp start(Path dataDir, ScriptedVerifier verifier) {
        return WebApp.start(storage(dataDir, verifier), "127.0.0.1", 0);
    }

    static Storage storage(Path dataDir, ScriptedVerifier verifier) {
        return Storage.open(Map.of(), dataDir, verifier);
    }
}
