package dev.connections;

import dev.connections.crypto.KeyUsageCounter;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts encryptions in a durable counter one block at a time: each block of numbers is reserved with one
 * {@link KeyUsageCounter#add}, and encryptions take numbers from it without touching storage, so a write pays
 * for the durable count once per block instead of with a transaction of its own.
 *
 * <p>The count stays conservative: a block is counted before any of its numbers is used, so a crash or a
 * restart can only leave numbers counted but unused (over-count, at most one block per instance), never
 * used but uncounted. Instances sharing a counter get disjoint blocks. Near the hard limit blocks shrink to
 * what is left, down to one number per encryption, so no headroom is wasted where it matters.
 */
final class ReservedKeyUsage implements KeyUsageCounter {
    private final KeyUsageCounter durable;
    private final long blockSize;
    private final long hardLimit;
    private final ConcurrentHashMap<String, Block> blocks = new ConcurrentHashMap<>();

    /** The numbers one key may still hand out: {@code next} up to {@code last}; guarded by itself. */
    private static final class Block {
        long next = 1;
        long last = 0;
        boolean started;
    }

    /** {@code blockSize} is at least 1, as the builder's {@code keyUsageReservation} checks. */
    ReservedKeyUsage(KeyUsageCounter durable, long blockSize, long hardLimit) {
        this.durable = Objects.requireNonNull(durable, "durable");
        this.blockSize = blockSize;
        this.hardLimit = hardLimit;
    }

    /**
     * The number of this encryption under {@code keyId} (for {@code n == 1}); other amounts go straight to the
     * durable counter.
     */
    @Override
    public long add(String keyId, long n) {
        Objects.requireNonNull(keyId, "keyId");
        if (n < 0) {
            throw new IllegalArgumentException("n cannot be negative, was " + n);
        }
        if (n != 1) {
            return durable.add(keyId, n);
        }
        Block block = blocks.computeIfAbsent(keyId, k -> new Block());
        synchronized (block) {
            if (block.next > block.last) {
                // The first block of a key starts from what storage has counted so far.
                long counted = block.started ? block.last : durable.count(keyId);
                long size = Math.max(1, Math.min(blockSize, hardLimit - counted));
                long total = durable.add(keyId, size);
                block.next = total - size + 1;
                block.last = total;
                block.started = true;
            }
            return block.next++;
        }
    }

    /** What storage has counted: every reserved number, used or not. */
    @Override
    public long count(String keyId) {
        return durable.count(keyId);
    }

    @Override
    public String toString() {
        return "ReservedKeyUsage[blocks of " + blockSize + " over " + durable + "]";
    }
}
