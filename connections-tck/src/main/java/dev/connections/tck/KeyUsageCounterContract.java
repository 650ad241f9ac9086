package dev.connections.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.crypto.KeyUsageCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link KeyUsageCounter}: counts start at 0, {@code add} returns the new total, counts are
 * kept per key id, and concurrent adds never lose a count.
 *
 * <p>Extend it and implement {@link #createCounter()}. Tests use fresh random key ids, so the counter may
 * be shared and hold other counts.
 */
public abstract class KeyUsageCounterContract {
    private static final int THREADS = 8;
    private static final int ADDS_PER_THREAD = 25;

    protected KeyUsageCounter counter;

    /** The counter under test; called before every test. */
    protected abstract KeyUsageCounter createCounter();

    /** Called after every test, for counters that hold resources. */
    protected void release(KeyUsageCounter counter) {}

    @BeforeEach
    void setUpCounter() {
        counter = createCounter();
    }

    @AfterEach
    void tearDownCounter() {
        release(counter);
    }

    @Test
    @DisplayName("a key never counted has count 0")
    void startsAtZero() {
        assertThat(counter.count(newKeyId())).isZero();
    }

    @Test
    @DisplayName("add returns the new total, and count reads it back")
    void addReturnsTheNewTotal() {
        String key = newKeyId();

        assertThat(counter.add(key, 1)).isEqualTo(1);
        assertThat(counter.add(key, 41)).isEqualTo(42);
        assertThat(counter.add(key, 0)).isEqualTo(42);
        assertThat(counter.count(key)).isEqualTo(42);
    }

    @Test
    @DisplayName("large counts, beyond 2^32, are kept exactly")
    void largeCounts() {
        String key = newKeyId();
        long nistMaximum = 1L << 32;

        assertThat(counter.add(key, nistMaximum)).isEqualTo(nistMaximum);
        assertThat(counter.add(key, 5)).isEqualTo(nistMaximum + 5);
        assertThat(counter.count(key)).isEqualTo(nistMaximum + 5);
    }

    @Test
    @DisplayName("counts are kept per key id")
    void countsArePerKey() {
        String first = newKeyId();
        String second = newKeyId();

        counter.add(first, 3);
        counter.add(second, 7);
        counter.add(first, 2);

        assertThat(counter.count(first)).isEqualTo(5);
        assertThat(counter.count(second)).isEqualTo(7);
        assertThat(counter.count(newKeyId())).isZero();
    }

    @Test
    @DisplayName("concurrent adds from many threads never lose a count, and each sees its own total")
    void concurrentAddsLoseNothing() {
        String key = newKeyId();
        String other = newKeyId();

        List<List<Long>> totals = Concurrently.race(THREADS, Duration.ofSeconds(60), index -> {
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < ADDS_PER_THREAD; i++) {
                mine.add(counter.add(key, 1));
                counter.add(other, 2);
            }
            return mine;
        });

        long adds = (long) THREADS * ADDS_PER_THREAD;
        assertThat(counter.count(key)).isEqualTo(adds);
        assertThat(counter.count(other)).isEqualTo(2 * adds);
        List<Long> returned = totals.stream().flatMap(List::stream).sorted().collect(Collectors.toList());
        assertThat(returned)
                .as("totals returned by concurrent adds of 1")
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, adds).boxed().toList());
    }

    @Test
    @DisplayName("a negative number of encryptions is refused and changes nothing")
    void negativeRefused() {
        String key = newKeyId();
        counter.add(key, 4);

        assertThatThrownBy(() -> counter.add(key, -1)).isInstanceOf(IllegalArgumentException.class);

        assertThat(counter.count(key)).isEqualTo(4);
    }

    @Test
    @DisplayName("a null key id is refused")
    void nullKeyIdRefused() {
        assertThatThrownBy(() -> counter.add(nullKeyId(), 1)).isInstanceOf(NullPointerException.class);
    }

    @SuppressWarnings("NullAway")
    private static String nullKeyId() {
        return null;
    }

    /** A key id no other test or run uses, in the form key rings accept. */
    private static String newKeyId() {
        return "tck-" + UUID.randomUUID().toString().substring(0, 18);
    }
}
