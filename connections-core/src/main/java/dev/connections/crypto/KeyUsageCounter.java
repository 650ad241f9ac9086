package dev.connections.crypto;

/**
 * Counts encryptions per data key, durably where the store allows, so a key is retired before random
 * nonces become unsafe (NIST SP 800-38D: at most 2^32 encryptions per key). Implementations must be
 * thread-safe. The contract is {@code KeyUsageCounterContract} in connections-tck.
 */
public interface KeyUsageCounter {

    /**
     * Adds {@code n} encryptions under {@code keyId} and returns the new total, atomically: concurrent adds
     * never lose a count.
     *
     * @throws IllegalArgumentException if {@code n} is negative
     * @throws NullPointerException if {@code keyId} is null
     */
    long add(String keyId, long n);

    /** Encryptions counted so far under {@code keyId}; 0 for a key never counted. */
    long count(String keyId);
}
