package dev.connections.spring.boot;

import dev.connections.Connections;
import dev.connections.cache.ResolutionStats;
import dev.connections.cache.ResolveMetrics;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.id.IntegrationId;
import dev.connections.keys.RotationProgress;
import dev.connections.spi.KeyProvider;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micrometer meters for Connections: the {@code connections.resolve} timer (tags {@code app}, {@code cache},
 * {@code result}; every custom app counts under {@code app=custom}, so workspaces cannot grow the tag set),
 * the resolution cache's size, hit ratio and evictions, encryptions per key id against its limit, and the
 * progress of a key rotation whose progress callback is {@link #rotationProgress()}.
 *
 * <p>No workspace id or key material reaches a meter: tags carry app ids and key ids only.
 */
public final class ConnectionsMetrics implements ResolveMetrics, MeterBinder {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsMetrics.class);
    static final String CUSTOM_APP_TAG = "custom";

    private final Supplier<Connections> connections;
    private final KeyProvider keyProvider;
    private final KeyUsageCounter keyUsage;
    private final KeyUsageLimits limits;
    private final List<Map<String, Timer>> timers = new CopyOnWriteArrayList<>();
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private volatile @Nullable RotationProgress rotation;

    /**
     * @param connections the facade, looked up when a gauge is read (the facade itself records into this)
     */
    public ConnectionsMetrics(
            Supplier<Connections> connections,
            KeyProvider keyProvider,
            KeyUsageCounter keyUsage,
            KeyUsageLimits limits) {
        this.connections = connections;
        this.keyProvider = keyProvider;
        this.keyUsage = keyUsage;
        this.limits = limits;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cacheGauge(registry, "connections.cache.size", "Entries in the resolution cache", ResolutionStats::size);
        cacheGauge(
                registry,
                "connections.cache.hit.ratio",
                "Share of resolves answered from the cache",
                ResolutionStats::hitRate);
        FunctionCounter.builder(
                        "connections.cache.evictions", this, m -> m.stats().evictionCount())
                .description("Entries dropped from the resolution cache for size or age")
                .register(registry);
        FunctionCounter.builder(
                        "connections.cache.stale.served", this, m -> m.stats().staleServed())
                .description("Resolves answered with a stale entry because storage failed")
                .register(registry);
        for (String keyId : keyIds()) {
            Gauge.builder("connections.keys.encryptions", keyUsage, counter -> counter.count(keyId))
                    .tag("key", keyId)
                    .description("Encryptions counted under the data key")
                    .register(registry);
            Gauge.builder("connections.keys.encryptions.limit", limits, l -> l.hardLimit())
                    .tag("key", keyId)
                    .description("Encryptions after which the data key is refused")
                    .register(registry);
            Gauge.builder("connections.keys.encryptions.warn", limits, l -> l.warnAt())
                    .tag("key", keyId)
                    .description("Encryptions after which the data key should be rotated")
                    .register(registry);
        }
        rotationGauge(
                registry,
                "connections.rotation.done",
                "Secrets examined by the last key rotation",
                RotationProgress::done);
        rotationGauge(
                registry,
                "connections.rotation.total",
                "Secrets to examine in the last key rotation",
                RotationProgress::total);
        rotationGauge(
                registry,
                "connections.rotation.reencrypted",
                "Secrets moved to the primary key",
                RotationProgress::reencrypted);
        rotationGauge(
                registry,
                "connections.rotation.percent",
                "Progress of the last key rotation",
                RotationProgress::percent);
        registries.add(registry);
        timers.add(new ConcurrentHashMap<>());
    }

    /** Records one resolve into every bound registry; before binding it records nothing. */
    @Override
    public void resolved(IntegrationId integration, boolean cacheHit, boolean found, long latencyNanos) {
        String app = integration.isCustom() ? CUSTOM_APP_TAG : integration.value();
        String key = app + (cacheHit ? "|hit" : "|miss") + (found ? "|found" : "|not_found");
        for (int i = 0; i < registries.size(); i++) {
            MeterRegistry registry = registries.get(i);
            timers.get(i)
                    .computeIfAbsent(key, k -> Timer.builder("connections.resolve")
                            .description("resolveDefault lookups (cache or storage), without decryption")
                            .tag("app", app)
                            .tag("cache", cacheHit ? "hit" : "miss")
                            .tag("result", found ? "found" : "not_found")
                            .register(registry))
                    .record(latencyNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * The progress callback to give a key rotation, so its progress shows in the {@code connections.rotation.*}
     * gauges: {@code connections.encryptionKeys().rotation().onProgress(metrics.rotationProgress()).build().run()}.
     */
    public Consumer<RotationProgress> rotationProgress() {
        return progress -> this.rotation = progress;
    }

    private ResolutionStats stats() {
        return connections.get().maintenance().cacheStats();
    }

    private Set<String> keyIds() {
        try {
            return keyProvider.keyRing().keyIds();
        } catch (RuntimeException e) {
            // The facade fails on the same provider and says why; metrics just go without per-key gauges.
            LOG.warn(
                    "No per-key usage gauges: the key provider could not be read ({})",
                    e.getClass().getSimpleName());
            return Set.of();
        }
    }

    private void cacheGauge(
            MeterRegistry registry, String name, String description, ToDoubleFunction<ResolutionStats> f) {
        Gauge.builder(name, this, m -> f.applyAsDouble(m.stats()))
                .description(description)
                .register(registry);
    }

    private void rotationGauge(
            MeterRegistry registry, String name, String description, ToDoubleFunction<RotationProgress> f) {
        Gauge.builder(name, this, m -> {
                    RotationProgress p = m.rotation;
                    return p == null ? 0 : f.applyAsDouble(p);
                })
                .description(description)
                .register(registry);
    }

    @Override
    public String toString() {
        return "ConnectionsMetrics[" + registries.size() + " registries]";
    }
}
