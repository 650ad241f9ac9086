package dev.connections.crypto;

import dev.connections.error.ConnectionsException;

/**
 * A data key reached its {@linkplain KeyUsageLimits#hardLimit() hard limit} of encryptions; no new key
 * is encrypted under it until a new primary key is added and the key ring rotated.
 */
public final class KeyUsageExceededException extends ConnectionsException {
    private static final long serialVersionUID = 1L;
    private final String keyId;
    private final long limit;

    /** The message says how to recover (rotate keys) and names only the key id. */
    public KeyUsageExceededException(String keyId, long limit) {
        super("Encryption key '" + keyId + "' has reached its limit of " + String.format("%,d", limit)
                + " encryptions, so no more keys are encrypted with it. Rotate keys: add a new primary key to the"
                + " key ring, reload keys, then run key rotation (see docs/SECURITY.md).");
        this.keyId = keyId;
        this.limit = limit;
    }

    /** The exhausted key's id. */
    public String keyId() {
        return keyId;
    }

    /** The hard limit it reached. */
    public long limit() {
        return limit;
    }
}
