package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyUsageCounter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReservedKeyUsageTest {

    /** Counts how often storage is written, to see the blocks. */
    private static final class CountingCounter implements KeyUsageCounter {
        final InMemoryKeyUsageCounter real = new InMemoryKeyUsageCounter();
        final AtomicInteger adds = new AtomicInteger();

        @Override
        public long add(String keyId, long n) {
            adds.incrementAndGet();
            return real.add(keyId, n);
        }

        @Override
        public long count(String keyId) {
            return real.count(keyId);
        }
    }

    @Test
    @DisplayName("encryptions take numbers from reserved blocks: one durable add per block, numbers 1, 2, 3 …")
    void reservesOneBlockAtATime() {
        CountingCounter durable = new CountingCounter();
        ReservedKeyUsage usage = new ReservedKeyUsage(durable, 1_000, Long.MAX_VALUE);

        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            numbers.add(usage.add("k1", 1));
        }

        assertThat(numbers).first().isEqualTo(1L);
        assertThat(numbers).last().isEqualTo(2_500L);
        assertThat(numbers).isSorted().doesNotHaveDuplicates();
        assertThat(durable.adds).hasValue(3);
        // Conservative: the whole third block is counted although half of it is unused.
        assertThat(usage.count("k1")).isEqualTo(3_000);
        assertThat(usage.count("k2")).isZero();
    }

    @Test
    @DisplayName("a restart continues after everything counted before, so numbers are never reused")
    void aRestartNeverReusesNumbers() {
        CountingCounter durable = new CountingCounter();
        new ReservedKeyUsage(durable, 100, Long.MAX_VALUE).add("k1", 1);

        long afterRestart = new ReservedKeyUsage(durable, 100, Long.MAX_VALUE).add("k1", 1);

        assertThat(afterRestart).isEqualTo(101);
    }

    @Test
    @DisplayName("near the hard limit blocks shrink to what is left, so the limit is reached exactly")
    void blocksShrinkNearTheLimit() {
        CountingCounter durable = new CountingCounter();
        durable.add("k1", 7);
        ReservedKeyUsage usage = new ReservedKeyUsage(durable, 1_000, 10);

        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            numbers.add(usage.add("k1", 1));
        }

        // 8, 9, 10 come from one block of three; past the limit one number per durable add.
        assertThat(numbers).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(usage.count("k1")).isEqualTo(12);
    }

    @Test
    @DisplayName("instances sharing one durable counter, on many threads, never hand out a number twice")
    void instancesGetDisjointNumbers() throws Exception {
        CountingCounter durable = new CountingCounter();
        ReservedKeyUsage a = new ReservedKeyUsage(durable, 50, Long.MAX_VALUE);
        ReservedKeyUsage b = new ReservedKeyUsage(durable, 50, Long.MAX_VALUE);
        List<Long> numbers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                ReservedKeyUsage usage = t % 2 == 0 ? a : b;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 1_000; i++) {
                        numbers.add(usage.add("k1", 1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(numbers).hasSize(8_000).doesNotHaveDuplicates();
        assertThat(usage(durable)).isGreaterThanOrEqualTo(8_000).isLessThanOrEqualTo(8_000 + 2 * 50);
    }

    @Test
    @DisplayName("other amounts go straight to storage; a negative amount is refused")
    void otherAmountsPassThrough() {
        CountingCounter durable = new CountingCounter();
        ReservedKeyUsage usage = new ReservedKeyUsage(durable, 1_000, Long.MAX_VALUE);

        assertThat(usage.add("k1", 5)).isEqualTo(5);
        assertThat(usage.add("k1", 0)).isEqualTo(5);
        assertThatThrownBy(() -> usage.add("k1", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> usage.add(null, 1)).isInstanceOf(NullPointerException.class);
    }

    @Test
    @DisplayName("the builder refuses a reservation below one")
    void builderRefusesZero() {
        assertThatThrownBy(() -> ConnectionsBuilder.newBuilder().keyUsageReservation(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keyUsageReservation");
    }

    private static long usage(CountingCounter durable) {
        return durable.count("k1");
    }
}
