package dev.connections.spring.boot;

/** Startup stops with this when no encryption keys are configured; its message says what to set. */
public final class MissingKeysException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    static final String PROBLEM = "Connections needs encryption keys and none are configured.";
    static final String ACTION = "Set the environment variable CONNECTIONS_KEYS (or connections.keys.text) to the key"
            + " ring (primary=k1;k1:<base64 32-byte key>), or connections.keys.file to a file"
            + " holding it, or define a KeyProvider bean. For local development only, set"
            + " connections.keys.development=true.";

    MissingKeysException() {
        super(PROBLEM + " " + ACTION);
    }
}
