package dev.connections.crypto;

/**
 * How many encryptions one data key may perform: a warning threshold and a hard limit past which new
 * encryptions under that key are refused.
 *
 * <p>With random 96-bit nonces, NIST SP 800-38D allows at most 2^32 encryptions per AES-GCM key before
 * the chance of a repeated nonce (which would expose the authentication key) becomes unacceptable. The
 * {@link #defaults() defaults} warn at 2^31 and stop at 90% of 2^32, the margin Vault and OpenBao use
 * for their automatic keyring rotation; hosts can only lower them.
 *
 * @param warnAt from this many encryptions under one key the library logs a warning to rotate
 * @param hardLimit past this many encryptions under one key, encryption is refused with {@link
 *     KeyUsageExceededException}
 */
public record KeyUsageLimits(long warnAt, long hardLimit) {
    /** The NIST SP 800-38D bound for random 96-bit nonces; no limit may exceed it. */
    public static final long NIST_MAXIMUM = 1L << 32;

    private static final KeyUsageLimits DEFAULTS = new KeyUsageLimits(1L << 31, (long) (NIST_MAXIMUM * 0.9));

    public KeyUsageLimits {
        if (hardLimit < 1 || hardLimit > NIST_MAXIMUM) {
            throw new IllegalArgumentException("hardLimit must be between 1 and 2^32, was " + hardLimit);
        }
        if (warnAt < 1 || warnAt > hardLimit) {
            throw new IllegalArgumentException(
                    "warnAt must be between 1 and hardLimit (" + hardLimit + "), was " + warnAt);
        }
    }

    /** Warn at 2^31 (2,147,483,648), refuse past 90% of 2^32 (3,865,470,566). */
    public static KeyUsageLimits defaults() {
        return DEFAULTS;
    }

    /** Limits with the given warning threshold and hard limit. */
    public static KeyUsageLimits of(long warnAt, long hardLimit) {
        return new KeyUsageLimits(warnAt, hardLimit);
    }
}
