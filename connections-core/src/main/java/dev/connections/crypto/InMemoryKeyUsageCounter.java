package dev.connections.crypto;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link KeyUsageCounter} kept in memory: exact within one process, but it starts from zero on every
 * restart, so production hosts should use a durable counter (the JDBC module ships one).
 */
public final class InMemoryKeyUsageCounter implements KeyUsageCounter {
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    /** A counter with every key at zero. */
    public InMemoryKeyUsageCounter() {}

    @Override
    public long add(String keyId, long n) {
        Objects.requireNonNull(keyId, "keyId");
        if (n < 0) {
            throw new IllegalArgumentException("n cannot be negative");
        }
        return counts.computeIfAbsent(keyId, id -> new AtomicLong()).addAndGet(n);
    }

    @Override
    public long count(String keyId) {
        AtomicLong count = counts.get(keyId);
        return count == null ? 0 : count.get();
    }

    /** Every key id counted so far with its count. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((id, count) -> copy.put(id, count.get()));
        return copy;
    }

    @Override
    public String toString() {
        return "InMemoryKeyUsageCounter" + snapshot();
    }
}
