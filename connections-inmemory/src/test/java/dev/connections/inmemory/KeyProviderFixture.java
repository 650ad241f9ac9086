package dev.connections.inmemory;

import java.security.SecureRandom;
import java.util.Base64;

/** Random AES-256 keys and the key-ring text form for the key provider contract tests. */
final class KeyProviderFixture {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyProviderFixture() {}

    static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** {@code primary=<primary>;<id>:<base64>;…} for the given ids, each with a fresh random key. */
    static String text(String primary, String... keyIds) {
        StringBuilder text = new StringBuilder("primary=").append(primary);
        for (String keyId : keyIds) {
            text.append(';')
                    .append(keyId)
                    .append(':')
                    .append(Base64.getEncoder().encodeToString(randomKey()));
        }
        return text.toString();
    }
}
