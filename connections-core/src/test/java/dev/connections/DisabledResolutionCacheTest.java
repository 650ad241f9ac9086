package dev.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DisabledResolutionCacheTest {
    private static final WorkspaceId WS = WorkspaceId.of("acme");
    private static final IntegrationId APP = IntegrationId.of("openai");

    @Test
    void maximumSizeZeroLoadsEveryTimeAndCountsMisses() {
        ResolutionCache cache = new ResolutionCache(0, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ZERO);
        AtomicInteger loads = new AtomicInteger();

        for (int i = 0; i < 1_000; i++) {
            cache.get(WS, APP, () -> {
                loads.incrementAndGet();
                return Optional.empty();
            });
        }

        assertThat(loads).hasValue(1_000);
        assertThat(cache.stats().hitCount()).isZero();
        assertThat(cache.stats().missCount()).isEqualTo(1_000);
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void maximumSizeZeroReturnsWhatTheLoaderFound() {
        ResolutionCache cache = new ResolutionCache(0, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ZERO);
        CachedResolution found = ResolutionCacheTest.entry("found");

        assertThat(cache.get(WS, APP, () -> Optional.of(found))).containsSame(found);
        assertThat(cache.get(WS, APP, Optional::empty)).isEmpty();
    }

    @Test
    void maximumSizeZeroNeverServesStale() {
        ResolutionCache cache =
                new ResolutionCache(0, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(5));
        cache.get(WS, APP, Optional::empty);
        assertThatThrownBy(() -> cache.get(WS, APP, () -> {
                    throw new StorageException("database down");
                }))
                .isInstanceOf(StorageException.class);
        assertThat(cache.stats().staleServed()).isZero();
    }
}
