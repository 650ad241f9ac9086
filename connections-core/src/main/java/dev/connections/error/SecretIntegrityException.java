package dev.connections.error;

/**
 * A stored key could not be decrypted: tampered, copied from another record, or under a key id the
 * key ring no longer has.
 *
 * <p>The message names the connection and key id involved and never any key material.
 */
public final class SecretIntegrityException extends ConnectionsException {
    private static final long serialVersionUID = 1L;

    /** {@code message} names the connection and key id, never key material. */
    public SecretIntegrityException(String message) {
        super(message);
    }

    /** As {@link #SecretIntegrityException(String)}, with the cryptographic cause. */
    public SecretIntegrityException(String message, Throwable cause) {
        super(message, cause);
    }
}
