package dev.connections.crypto;

/**
 * Counts encryptions per data key, durably where the store allows, so a key is retired before random
 * nonces become unsafe (NIST SP 800-38D: at most 2^32 encryptions per key).
 */
public interface KeyUsageCounter {

    /** Adds {@code n} encryptions under {@code keyId} and returns the new total. */
    long add(String keyId, long n);

    /** Encryptions counted so far under {@code keyId}. */
    long count(String keyId);
}
