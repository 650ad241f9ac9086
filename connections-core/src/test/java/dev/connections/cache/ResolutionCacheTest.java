package dev.connections.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.connections.WorkspaceId;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.IntegrationId;
import dev.connections.catalog.KeyPlacement;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ResolutionCacheTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme");
    private static final IntegrationId APP = IntegrationId.of("openai");
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private final ResolutionCache cache =
            new ResolutionCache(100, Duration.ofSeconds(30), Duration.ofSeconds(1), ticker);

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

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static CachedResolution entry(String name) {
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
