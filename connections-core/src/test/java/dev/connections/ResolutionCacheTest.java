package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.connection.Connection;
import dev.connections.error.SecretIntegrityException;
import dev.connections.error.StorageException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ResolutionCacheTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme");
    private static final IntegrationId APP = IntegrationId.of("openai");
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    // Refreshes ahead of expiry are queued here and run only when a test says so.
    private final List<Runnable> refreshes = new ArrayList<>();
    private final ResolutionCache cache = new ResolutionCache(
            100, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5), ticker, refreshes::add);

    @Test
    void servesHitsWithoutLoadingAgain() {
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            cache.get(WS, APP, () -> {
                loads.incrementAndGet();
                return Optional.of(entry("one"));
            });
        }
        assertThat(loads).hasValue(1);
        assertThat(cache.stats().hitCount()).isEqualTo(4);
        assertThat(cache.stats().missCount()).isEqualTo(1);
        assertThat(cache.stats().hitRate()).isEqualTo(0.8);
    }

    @Test
    void absentResultsExpireAfterTheNegativeTtlAndPresentOnesAfterMaxStaleness() {
        AtomicInteger loads = new AtomicInteger();
        cache.get(WS, APP, () -> {
            loads.incrementAndGet();
            return Optional.empty();
        });
        nanos.addAndGet(Duration.ofMillis(999).toNanos());
        cache.get(WS, APP, () -> Optional.of(entry("unexpected")));
        assertThat(loads).hasValue(1);
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        Optional<CachedResolution> reloaded = cache.get(WS, APP, () -> Optional.of(entry("fresh")));
        assertThat(reloaded).map(r -> r.connection().name()).contains("fresh");

        nanos.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(cache.get(WS, APP, () -> Optional.of(entry("newer"))))
                .map(r -> r.connection().name())
                .contains("fresh");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.get(WS, APP, () -> Optional.of(entry("newer"))))
                .map(r -> r.connection().name())
                .contains("newer");
    }

    @Test
    void invalidationDropsOneAppOrAWholeWorkspace() {
        IntegrationId other = IntegrationId.of("slack");
        WorkspaceId otherWs = WorkspaceId.of("globex");
        cache.get(WS, APP, () -> Optional.of(entry("a")));
        cache.get(WS, other, () -> Optional.of(entry("b")));
        cache.get(otherWs, APP, () -> Optional.of(entry("c")));

        cache.invalidate(WS, APP);
        assertThat(cache.get(WS, APP, () -> Optional.of(entry("a2"))))
                .map(r -> r.connection().name())
                .contains("a2");

        cache.invalidateWorkspace(WS);
        assertThat(cache.get(WS, other, () -> Optional.of(entry("b2"))))
                .map(r -> r.connection().name())
                .contains("b2");
        assertThat(cache.get(otherWs, APP, () -> Optional.of(entry("c2"))))
                .map(r -> r.connection().name())
                .contains("c");

        cache.invalidateAll();
        assertThat(cache.get(otherWs, APP, () -> Optional.of(entry("c3"))))
                .map(r -> r.connection().name())
                .contains("c3");
    }

    @Test
    void invalidateDuringALoadLeavesNoStaleEntry() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<CachedResolution>> slowRead = pool.submit(() -> cache.get(WS, APP, () -> {
                loading.countDown();
                await(release);
                return Optional.of(entry("read-before-write"));
            }));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            // The writer commits, then invalidates while the read is still loading the old value.
            Future<?> invalidation = pool.submit(() -> cache.invalidate(WS, APP));
            release.countDown();
            slowRead.get(10, TimeUnit.SECONDS);
            invalidation.get(10, TimeUnit.SECONDS);
            assertThat(cache.get(WS, APP, () -> Optional.of(entry("after-write"))))
                    .map(r -> r.connection().name())
                    .contains("after-write");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void workspaceInvalidationDuringALoadLeavesNoStaleEntry() throws Exception {
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Optional<CachedResolution>> slowRead = pool.submit(() -> cache.get(WS, APP, () -> {
                loading.countDown();
                await(release);
                return Optional.of(entry("read-before-remote-write"));
            }));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            cache.invalidateWorkspace(WS);
            release.countDown();
            slowRead.get(10, TimeUnit.SECONDS);
            assertThat(cache.get(WS, APP, () -> Optional.of(entry("after-remote-write"))))
                    .map(r -> r.connection().name())
                    .contains("after-remote-write");
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- stale if error ---------------------------------------------------------------------------

    @Test
    void servesTheLastGoodEntryWhileStorageFailsWithinTheWindowAndCountsIt() {
        AtomicReference<String> stored = new AtomicReference<>("good");
        AtomicInteger attempts = new AtomicInteger();
        Supplier<Optional<CachedResolution>> storage = storage(stored, attempts);
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        stored.set(null);

        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("good");
        assertThat(attempts).hasValue(2);
        assertThat(cache.stats().staleServed()).isEqualTo(1);

        // Within a second of the failure, callers get the entry without waiting on storage again.
        nanos.addAndGet(Duration.ofMillis(500).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("good");
        assertThat(attempts).hasValue(2);
        assertThat(refreshes).isEmpty();

        // After it, storage is retried in the background, once however many callers come, and they are answered
        // at once while the retry is pending.
        nanos.addAndGet(Duration.ofMillis(600).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("good");
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("good");
        assertThat(refreshes).hasSize(1);
        assertThat(attempts).hasValue(2);
        assertThat(cache.stats().hitCount())
                .as("answers given without trying storage")
                .isEqualTo(3);
        runRefreshes(); // fails again: another pause
        assertThat(attempts).hasValue(3);
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("good");
        assertThat(refreshes).isEmpty();
        assertThat(cache.stats().staleServed()).isEqualTo(5);

        // Storage is back: the next retry replaces the stale entry and stale serving stops.
        stored.set("recovered");
        nanos.addAndGet(Duration.ofMillis(1_100).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("good");
        runRefreshes();
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("recovered");
        assertThat(attempts).hasValue(4);
        assertThat(cache.stats().staleServed()).isEqualTo(6);
    }

    @Test
    void aBackgroundRetryRacingWithInvalidateDoesNotBringBackOldData() {
        AtomicReference<String> stored = new AtomicReference<>("before-write");
        Supplier<Optional<CachedResolution>> storage = storage(stored, new AtomicInteger());
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        stored.set(null);
        cache.get(WS, APP, storage); // fails: served stale, pause
        nanos.addAndGet(Duration.ofMillis(1_100).toNanos());
        cache.get(WS, APP, storage); // queues the retry
        assertThat(refreshes).hasSize(1);

        // The retry read storage before a write; the write's invalidation came before the retry finished.
        stored.set("before-write");
        cache.invalidate(WS, APP);
        runRefreshes();
        stored.set(null);
        assertThatThrownBy(() -> cache.get(WS, APP, storage)).isInstanceOf(StorageException.class);
    }

    @Test
    void aBackgroundRetryFindingANonStorageErrorDropsTheEntrySoTheNextCallerSeesIt() {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Supplier<Optional<CachedResolution>> storage = () -> {
            RuntimeException e = failure.get();
            if (e != null) {
                throw e;
            }
            return Optional.of(entry("good"));
        };
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        failure.set(new StorageException("database down"));
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofMillis(1_100).toNanos());
        cache.get(WS, APP, storage);
        failure.set(new IllegalStateException("damaged key bytes"));
        runRefreshes();

        assertThatThrownBy(() -> cache.get(WS, APP, storage)).hasMessage("damaged key bytes");
    }

    @Test
    void notServedFromTheVeryEndOfTheWindowAndDroppedThen() {
        cache.get(WS, APP, () -> Optional.of(entry("good")));
        // maxStaleness 30 s + staleIfError 5 min, to the nanosecond
        nanos.addAndGet(Duration.ofSeconds(30 + 300).toNanos());
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);
        assertThat(cache.stats().staleServed()).isZero();
        assertThat(cache.stats().evictionCount()).isEqualTo(1);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void keysWhoseHashesCollideStayApart() {
        // "Aa" and "BB" have the same String hash, so their keys share a hash and only equals tells them apart.
        WorkspaceId aa = WorkspaceId.of("Aa");
        WorkspaceId bb = WorkspaceId.of("BB");
        assertThat(aa.value().hashCode()).isEqualTo(bb.value().hashCode());
        cache.get(aa, APP, () -> Optional.of(entry("of Aa")));

        assertThat(cache.get(bb, APP, () -> Optional.of(entry("of BB"))))
                .map(r -> r.connection().name())
                .contains("of BB");
        assertThat(cache.get(aa, APP, ResolutionCacheTest::down))
                .map(r -> r.connection().name())
                .contains("of Aa");
    }

    @Test
    void notServedOnceTheWindowIsOver() {
        cache.get(WS, APP, () -> Optional.of(entry("good")));
        // maxStaleness 30 s + staleIfError 5 min
        nanos.addAndGet(Duration.ofSeconds(30 + 300).minusMillis(1).toNanos());
        assertThat(cache.get(WS, APP, ResolutionCacheTest::down))
                .map(r -> r.connection().name())
                .contains("good");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);
        assertThat(cache.stats().staleServed()).isEqualTo(1);
    }

    @Test
    void aStaleServeDoesNotExtendTheWindowWhateverTheClockReads() {
        // A ticker far from zero: the window is measured from the entry's load, not from the clock's origin.
        nanos.set(Duration.ofHours(10).toNanos());
        cache.get(WS, APP, () -> Optional.of(entry("good")));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(cache.get(WS, APP, ResolutionCacheTest::down))
                .map(r -> r.connection().name())
                .contains("good");
        nanos.addAndGet(Duration.ofSeconds(30 + 300 - 31).minusMillis(1).toNanos());
        assertThat(cache.get(WS, APP, ResolutionCacheTest::down))
                .map(r -> r.connection().name())
                .contains("good");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);
        assertThat(cache.stats().staleServed()).isEqualTo(2);
    }

    @Test
    void withoutALastGoodEntryTheStorageFailurePropagates() {
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down))
                .isInstanceOf(StorageException.class)
                .hasMessage("database down");
        // "No connection" is not kept for stale-if-error.
        cache.get(WS, APP, Optional::empty);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);
        assertThat(cache.stats().staleServed()).isZero();
    }

    @Test
    void notServedAfterInvalidate() {
        assertNoStaleServeAfter(() -> cache.invalidate(WS, APP));
    }

    @Test
    void notServedAfterInvalidateWorkspace() {
        assertNoStaleServeAfter(() -> cache.invalidateWorkspace(WS));
    }

    @Test
    void notServedAfterInvalidateAll() {
        assertNoStaleServeAfter(cache::invalidateAll);
    }

    private void assertNoStaleServeAfter(Runnable invalidation) {
        cache.get(WS, APP, () -> Optional.of(entry("before-write")));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        invalidation.run();
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);

        // Also when the entry is already being served stale.
        cache.get(WS, APP, () -> Optional.of(entry("before-write")));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(cache.get(WS, APP, ResolutionCacheTest::down)).isPresent();
        invalidation.run();
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);
        assertThat(cache.stats().staleServed()).isEqualTo(1);
    }

    @Test
    void anInvalidationDuringAFailingReloadStillDropsTheLastGoodEntry() throws Exception {
        cache.get(WS, APP, () -> Optional.of(entry("before-write")));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        CountDownLatch loading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Optional<CachedResolution>> failingReload = pool.submit(() -> cache.get(WS, APP, () -> {
                loading.countDown();
                await(release);
                throw new StorageException("database down");
            }));
            assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> invalidation = pool.submit(() -> cache.invalidate(WS, APP));
            release.countDown();
            // The reload began before the invalidation, so it may still answer with the last good entry...
            assertThat(failingReload.get(10, TimeUnit.SECONDS)).isPresent();
            invalidation.get(10, TimeUnit.SECONDS);
            // ...but nothing after the invalidation does.
            assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down))
                    .isInstanceOf(StorageException.class);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aNonStorageFailureIsNeverMaskedAndDropsTheLastGoodEntry() {
        cache.get(WS, APP, () -> Optional.of(entry("good")));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThatThrownBy(() -> cache.get(WS, APP, () -> {
                    throw new SecretIntegrityException("stored key of connection x is damaged");
                }))
                .isInstanceOf(SecretIntegrityException.class);
        assertThatThrownBy(() -> cache.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);

        cache.get(WS, APP, () -> Optional.of(entry("good")));
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThatThrownBy(() -> cache.get(WS, APP, () -> {
                    throw new IllegalStateException("bug");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(cache.stats().staleServed()).isZero();
    }

    @Test
    void staleIfErrorZeroDisablesStaleServing() {
        ResolutionCache strict = new ResolutionCache(
                100, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ZERO, ticker, refreshes::add);
        strict.get(WS, APP, () -> Optional.of(entry("good")));
        nanos.addAndGet(Duration.ofSeconds(30).toNanos());
        assertThatThrownBy(() -> strict.get(WS, APP, ResolutionCacheTest::down)).isInstanceOf(StorageException.class);
        assertThat(strict.stats().staleServed()).isZero();
    }

    @Test
    void aNegativeStaleIfErrorIsRefused() {
        assertThatThrownBy(() ->
                        new ResolutionCache(100, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("staleIfError");
    }

    @Test
    void warnsAtMostOnceAMinuteWithIdsButNoSecretMaterial() {
        Logger logger = (Logger) LoggerFactory.getLogger(ResolutionCache.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            IntegrationId other = IntegrationId.of("slack");
            cache.get(WS, APP, () -> Optional.of(entry("a")));
            cache.get(WS, other, () -> Optional.of(entry("b")));
            nanos.addAndGet(Duration.ofSeconds(31).toNanos());
            for (int i = 0; i < 30; i++) {
                cache.get(WS, APP, ResolutionCacheTest::down);
                cache.get(WS, other, ResolutionCacheTest::down);
                nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            }
            assertThat(warnings(appender)).hasSize(1);
            assertThat(warnings(appender).get(0))
                    .contains("acme", "openai", "database down")
                    .doesNotContain("…abcd");
            nanos.addAndGet(Duration.ofSeconds(30).toNanos());
            cache.get(WS, APP, ResolutionCacheTest::down);
            assertThat(warnings(appender)).hasSize(2);
            assertThat(warnings(appender).get(1)).contains("since the previous such warning: 60 ");
        } finally {
            logger.detachAppender(appender);
        }
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream()
                .filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    // ---- refresh ahead ----------------------------------------------------------------------------

    @Test
    void aHotEntryIsRefreshedAheadOfExpiryWithoutTheCallerWaiting() {
        AtomicReference<String> stored = new AtomicReference<>("v1");
        AtomicInteger loads = new AtomicInteger();
        Supplier<Optional<CachedResolution>> storage = () -> {
            loads.incrementAndGet();
            return Optional.of(entry(stored.get()));
        };
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(23).toNanos());
        cache.get(WS, APP, storage);
        assertThat(refreshes).as("not before 80%% of maxStaleness").isEmpty();

        stored.set("v2");
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("v1");
        cache.get(WS, APP, storage);
        assertThat(refreshes).as("one refresh per entry").hasSize(1);
        assertThat(loads).as("the caller did not load").hasValue(1);

        runRefreshes();
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("v2");
        // The refreshed entry counts from its own load: fresh 29 s later, no load on the caller's thread.
        nanos.addAndGet(Duration.ofSeconds(23).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("v2");
        assertThat(loads).hasValue(2);
        assertThat(cache.stats().missCount()).isEqualTo(1);
    }

    @Test
    void aFailedRefreshKeepsTheOldEntry() {
        AtomicBoolean down = new AtomicBoolean();
        AtomicInteger loads = new AtomicInteger();
        Supplier<Optional<CachedResolution>> storage = () -> {
            loads.incrementAndGet();
            if (down.get()) {
                throw new StorageException("database down");
            }
            return Optional.of(entry("v1"));
        };
        cache.get(WS, APP, storage);
        down.set(true);
        nanos.addAndGet(Duration.ofSeconds(25).toNanos());
        cache.get(WS, APP, storage);
        runRefreshes();
        assertThat(loads).hasValue(2);

        nanos.addAndGet(Duration.ofSeconds(4).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("v1");
        assertThat(refreshes)
                .as("a failed refresh is not retried for the same entry")
                .isEmpty();
        assertThat(cache.stats().staleServed()).isZero();
        // At expiry the caller reloads; storage still fails, so the entry is served stale.
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("v1");
        assertThat(cache.stats().staleServed()).isEqualTo(1);
    }

    @Test
    void aRefreshRacingWithInvalidateDoesNotResurrectOldData() {
        assertRefreshDiscardedAfter(() -> cache.invalidate(WS, APP));
    }

    @Test
    void aRefreshRacingWithWorkspaceInvalidationDoesNotResurrectOldData() {
        assertRefreshDiscardedAfter(() -> cache.invalidateWorkspace(WS));
    }

    @Test
    void aRefreshRacingWithInvalidateAllDoesNotResurrectOldData() {
        assertRefreshDiscardedAfter(cache::invalidateAll);
    }

    private void assertRefreshDiscardedAfter(Runnable invalidation) {
        AtomicReference<String> stored = new AtomicReference<>("before-write");
        AtomicReference<Runnable> afterRead = new AtomicReference<>(() -> {});
        Supplier<Optional<CachedResolution>> storage = () -> {
            Optional<CachedResolution> read = Optional.of(entry(stored.get()));
            afterRead.get().run();
            return read;
        };
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(25).toNanos());
        cache.get(WS, APP, storage);
        assertThat(refreshes).hasSize(1);
        // The refresh reads storage, then a write commits and invalidates before the refresh finishes.
        afterRead.set(() -> {
            afterRead.set(() -> {});
            stored.set("after-write");
            invalidation.run();
        });
        runRefreshes();
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("after-write");

        // Same, but a caller has loaded the new data before the refresh finishes.
        stored.set("before-write-2");
        cache.invalidate(WS, APP);
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(25).toNanos());
        cache.get(WS, APP, storage);
        afterRead.set(() -> {
            afterRead.set(() -> {});
            stored.set("after-write-2");
            invalidation.run();
            cache.get(WS, APP, storage);
        });
        runRefreshes();
        assertThat(cache.get(WS, APP, storage)).map(r -> r.connection().name()).contains("after-write-2");
    }

    @Test
    void aRefreshThatFindsANonStorageErrorDropsTheEntrySoTheNextCallerSeesIt() {
        AtomicBoolean damaged = new AtomicBoolean();
        Supplier<Optional<CachedResolution>> storage = () -> {
            if (damaged.get()) {
                throw new SecretIntegrityException("stored key of connection x is damaged");
            }
            return Optional.of(entry("v1"));
        };
        cache.get(WS, APP, storage);
        nanos.addAndGet(Duration.ofSeconds(25).toNanos());
        cache.get(WS, APP, storage);
        damaged.set(true);
        runRefreshes();
        assertThatThrownBy(() -> cache.get(WS, APP, storage)).isInstanceOf(SecretIntegrityException.class);
    }

    @Test
    void aRefreshOnTheDedicatedExecutorCompletesInTheBackground() throws Exception {
        ResolutionCache pooled = new ResolutionCache(
                100,
                Duration.ofSeconds(30),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                ticker,
                ResolutionCache.newRefreshExecutor());
        AtomicReference<String> stored = new AtomicReference<>("v1");
        Supplier<Optional<CachedResolution>> storage = () -> Optional.of(entry(stored.get()));
        pooled.get(WS, APP, storage);
        stored.set("v2");
        nanos.addAndGet(Duration.ofSeconds(25).toNanos());
        // The ticker stands still, so only the background refresh can bring v2.
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(
                        () -> pooled.get(WS, APP, storage)
                                .orElseThrow()
                                .connection()
                                .name(),
                        "v2"::equals);
        assertThat(pooled.stats().missCount()).isEqualTo(1);
    }

    private void runRefreshes() {
        List<Runnable> pending = new ArrayList<>(refreshes);
        refreshes.clear();
        pending.forEach(Runnable::run);
    }

    /** Storage answering with the name {@code stored} holds, or failing while it holds null; counts its reads. */
    private static Supplier<Optional<CachedResolution>> storage(AtomicReference<String> stored, AtomicInteger reads) {
        return () -> {
            reads.incrementAndGet();
            String name = stored.get();
            if (name == null) {
                throw new StorageException("database down");
            }
            return Optional.of(entry(name));
        };
    }

    private static Optional<CachedResolution> down() {
        throw new StorageException("database down");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static CachedResolution entry(String name) {
        ConnectionId id = ConnectionId.random();
        SecretRef ref = SecretRef.random();
        Instant now = Instant.parse("2026-11-25T10:00:00Z");
        Connection c = new Connection(id, WS, APP, name, true, ref, "…abcd", Map.of(), now, now, 1);
        Integration app = new Integration(
                APP, "OpenAI", "AI", List.of("AI"), CredentialSpec.of(KeyPlacement.bearer()), null, null);
        return new CachedResolution(
                c, new StoredSecret(new SecretBinding(WS, id, ref), new SealedSecret(1, "k", new byte[28])), app);
    }
}
