package dev.connections.spring.boot;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates key rings in the text form for tests, so no key is ever written into the source. */
final class TestKeys {
    private TestKeys() {}

    /** {@code primary=<id>;<id>:<random base64 32-byte key>}. */
    static String text(String keyId) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return "primary=" + keyId + ";" + keyId + ":" + Base64.getEncoder().encodeToString(key);
    }
}
