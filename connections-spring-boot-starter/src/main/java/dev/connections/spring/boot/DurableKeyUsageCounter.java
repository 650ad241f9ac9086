package dev.connections.spring.boot;

import dev.connections.crypto.KeyUsageCounter;

/**
 * A counter kept by the storage itself and shared by every instance; the one KeyUsageCounter bean prefers it to
 * counting in memory.
 *
 * @param counter the storage's counter
 */
record DurableKeyUsageCounter(KeyUsageCounter counter) {}
