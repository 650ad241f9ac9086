package dev.connections;

import static dev.connections.ResolutionCacheTest.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The resolution cache's ages at their exact limits, on tickers whose origin is anywhere (System.nanoTime may
 * be negative or far from zero), and the refresh queue turning a refresh away.
 */
class ResolutionCacheClockTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme");
    private static final IntegrationId APP = IntegrationId.of("openai");
    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    private final AtomicLong nanos = new AtomicLong();
    private final List<Runnable> refreshes = new ArrayList<>();
    private final AtomicInteger loads = new AtomicInteger();

    private ResolutionCache cacheFrom(long origin) {
        nanos.set(origin);
        return new ResolutionCache(
                100, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5), nanos::get, refreshes::add);
    }

    private Supplier<Optional<CachedResolution>> storage(String name) {
        return () -> {
            loads.incrementAndGet();
            return Optional.of(entry(name));
        };
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 3_600_000_000_000L, -3_600_000_000_000L, Long.MIN_VALUE / 4})
    void anEntryIsFreshUntilJustBeforeMaxStalenessAndReloadedAtIt(long origin) {
        ResolutionCache cache = cacheFrom(origin);
        cache.get(WS, APP, storage("first"));

        nanos.addAndGet(30 * SECOND - 1);
        assertThat(cache.get(WS, APP, storage("second")))
                .map(r -> r.connection().name())
                .contains("first");
        assertThat(loads).hasValue(1);

        nanos.addAndGet(1);
        assertThat(cache.get(WS, APP, storage("second")))
                .map(r -> r.connection().name())
                .contains("second");
        assertThat(loads).hasValue(2);
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 3_600_000_000_000L, -3_600_000_000_000L})
    void anAbsentResultIsRememberedUntilJustBeforeTheNegativeTtl(long origin) {
        ResolutionCache cache = cacheFrom(origin);
        cache.get(WS, APP, Optional::empty);

        nanos.addAndGet(SECOND - 1);
        assertThat(cache.get(WS, APP, storage("added"))).isEmpty();
        nanos.addAndGet(1);
        assertThat(cache.get(WS, APP, storage("added")))
                .map(r -> r.connection().name())
                .contains("added");
    }

    @Test
    void aRefreshAheadIsQueuedFromExactly80PercentOfMaxStaleness() {
        ResolutionCache cache = cacheFrom(-3_600_000_000_000L);
        cache.get(WS, APP, storage("first"));

        nanos.addAndGet(24 * SECOND - 1);
        cache.get(WS, APP, storage("first"));
        assertThat(refreshes).isEmpty();
        nanos.addAndGet(1);
        cache.get(WS, APP, storage("first"));
        assertThat(refreshes).hasSize(1);
    }

    @Test
    void answersDuringTheRetryPauseAfterAFailureCountAsHits() {
        ResolutionCache cache = cacheFrom(0);
        cache.get(WS, APP, storage("good"));
        nanos.addAndGet(31 * SECOND);
        cache.get(WS, APP, ResolutionCacheClockTest::down); // tries storage: a miss, served stale
        assertThat(cache.stats().missCount()).isEqualTo(2);

        nanos.addAndGet(SECOND / 2);
        assertThat(cache.get(WS, APP, ResolutionCacheClockTest::down))
                .map(r -> r.connection().name())
                .contains("good");
        assertThat(cache.stats().hitCount()).isEqualTo(1);
        assertThat(cache.stats().missCount()).isEqualTo(2);
        assertThat(cache.stats().staleServed()).isEqualTo(2);
    }

    @Test
    void theStaleWarningSaysHowOldTheEntryIs() {
        ResolutionCache cache = cacheFrom(3_600_000_000_000L);
        Logger logger = (Logger) LoggerFactory.getLogger(ResolutionCache.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            cache.get(WS, APP, storage("good"));
            nanos.addAndGet(31 * SECOND + 250_000_000L);
            cache.get(WS, APP, ResolutionCacheClockTest::down);
        } finally {
            logger.detachAppender(appender);
        }
        assertThat(appender.list)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("loaded 31250 ms ago"));
    }

    @Test
    void anEntryServedStaleIsDroppedWhenTheWindowEnds() {
        ResolutionCache cache = cacheFrom(3_600_000_000_000L);
        cache.get(WS, APP, storage("good"));
        nanos.addAndGet(31 * SECOND);
        cache.get(WS, APP, ResolutionCacheClockTest::down); // served stale: kept, its life not extended
        nanos.addAndGet(300 * SECOND);

        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheClockTest::down))
                .isInstanceOf(StorageException.class);
        assertThat(cache.stats().evictionCount()).isEqualTo(1);
    }

    @Test
    void aMaxStalenessBeyondWhatNanosecondsHoldMeansForever() {
        nanos.set(0);
        ResolutionCache cache = new ResolutionCache(
                100,
                Duration.ofSeconds(Long.MAX_VALUE),
                Duration.ofSeconds(1),
                Duration.ZERO,
                nanos::get,
                refreshes::add);
        cache.get(WS, APP, storage("kept"));
        nanos.addAndGet(Duration.ofDays(365 * 100).toNanos());

        assertThat(cache.get(WS, APP, storage("reloaded")))
                .map(r -> r.connection().name())
                .contains("kept");
        assertThat(loads).hasValue(1);
    }

    @Test
    void aRefreshTheFullQueueTurnedAwayIsTriedAgainOnALaterHit() {
        nanos.set(0);
        AtomicInteger offered = new AtomicInteger();
        ResolutionCache cache = new ResolutionCache(
                100, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ZERO, nanos::get, task -> {
                    if (offered.incrementAndGet() == 1) {
                        throw new RejectedExecutionException("queue full");
                    }
                    refreshes.add(task);
                });
        AtomicReference<String> stored = new AtomicReference<>("v1");
        Supplier<Optional<CachedResolution>> storage = () -> Optional.of(entry(stored.get()));
        cache.get(WS, APP, storage);
        nanos.addAndGet(25 * SECOND);
        stored.set("v2");

        cache.get(WS, APP, storage);
        assertThat(refreshes).isEmpty();
        cache.get(WS, APP, storage);
        assertThat(refreshes).hasSize(1);

        refreshes.get(0).run();
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("v2");
    }

    private static Optional<CachedResolution> down() {
        throw new StorageException("database down");
    }
}
