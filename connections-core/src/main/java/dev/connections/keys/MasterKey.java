package dev.connections.keys;

/**
 * A host-held key that encrypts ("wraps") the data keys of a {@link WrappedKeyRing}, so data keys can be
 * stored next to the application and rotated without issuing a new deployment secret.
 *
 * <p>Implement it over a KMS (wrap = the KMS's encrypt with {@code keyId} as encryption context, unwrap
 * = its decrypt), or use the built-in AES-256-GCM master key from bytes or a PKCS12 KeyStore entry ({@link MasterKeys}).
 * Implementations must authenticate {@code keyId} with the wrapped bytes, so a wrapped key relabelled
 * with another id does not unwrap.
 */
public interface MasterKey {

    /** The master key's id, recorded with the wrapped ring so a wrong master key is reported as such. */
    String id();

    /** Encrypts a 32-byte data key; the caller wipes {@code dataKey}. */
    byte[] wrap(String keyId, byte[] dataKey);

    /**
     * Decrypts a data key wrapped by {@link #wrap}; the caller wipes the result.
     *
     * @throws IllegalArgumentException when {@code wrapped} was altered, relabelled, or wrapped by
     *     another master key; the message never contains key material
     */
    byte[] unwrap(String keyId, byte[] wrapped);
}
