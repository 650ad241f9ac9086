package dev.connections.spring.boot;

import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.API_KEY;
import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.error.NoConnectionException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Micrometer meters and the {@code connections} health indicator, over H2. */
class ConnectionsMetricsAndHealthTest {
    private final WorkspaceId ws = WorkspaceId.of("ws-secret-name-" + UUID.randomUUID());

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    ConnectionsAutoConfiguration.class,
                    ConnectionsMetricsAutoConfiguration.class,
                    ConnectionsHealthAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "connections.keys.text=" + TestKeys.text("k1"));

    @Test
    void resolveTimerIsTaggedByAppCacheAndResult() {
        runner.run(context -> {
            ConnectionsMetrics metrics = context.getBean(ConnectionsMetrics.class);
            MeterRegistry registry = bound(metrics);
            Connections connections = context.getBean(Connections.class);
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
            for (int i = 0; i < 3; i++) {
                connections.resolveDefault(ws, OPENAI);
            }
            assertThatThrownBy(() -> connections.resolveDefault(ws, IntegrationId.of("anthropic")))
                    .isInstanceOf(NoConnectionException.class);

            assertThat(timer(registry, "openai", "miss", "found").count()).isEqualTo(1);
            assertThat(timer(registry, "openai", "hit", "found").count()).isEqualTo(2);
            assertThat(timer(registry, "anthropic", "miss", "not_found").count())
                    .isEqualTo(1);
            assertThat(registry.get("connections.cache.hit.ratio").gauge().value())
                    .isEqualTo(0.5);
            assertThat(registry.get("connections.cache.size").gauge().value()).isEqualTo(2);
            assertThat(registry.get("connections.cache.evictions")
                            .functionCounter()
                            .count())
                    .isZero();
            assertThat(registry.getMeters())
                    .allSatisfy(m -> assertThat(m.getId().toString()).doesNotContain(ws.value()));
        });
    }

    @Test
    void customAppsShareOneTag() {
        runner.run(context -> {
            ConnectionsMetrics metrics = context.getBean(ConnectionsMetrics.class);
            MeterRegistry registry = bound(metrics);
            metrics.resolved(IntegrationId.of("custom-one"), false, true, 1_000);
            metrics.resolved(IntegrationId.of("custom-two"), false, true, 1_000);
            assertThat(timer(registry, "custom", "miss", "found").count()).isEqualTo(2);
            assertThat(registry.find("connections.resolve")
                            .tag("app", "custom-one")
                            .timer())
                    .isNull();
        });
    }

    @Test
    void keyUsageAndRotationProgressAreGauges() {
        runner.run(context -> {
            ConnectionsMetrics metrics = context.getBean(ConnectionsMetrics.class);
            MeterRegistry registry = bound(metrics);
            Connections connections = context.getBean(Connections.class);
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
            connections.addConnection(ws, OPENAI, "Second", Secret.of(API_KEY + "2"));

            assertThat(registry.get("connections.keys.encryptions")
                            .tag("key", "k1")
                            .gauge()
                            .value())
                    .isGreaterThanOrEqualTo(2);
            assertThat(registry.get("connections.keys.encryptions.limit")
                            .tag("key", "k1")
                            .gauge()
                            .value())
                    .isEqualTo((double) KeyUsageLimits.defaults().hardLimit());

            connections
                    .encryptionKeys()
                    .rotation()
                    .onProgress(metrics.rotationProgress())
                    .build()
                    .run();
            assertThat(registry.get("connections.rotation.total").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.get("connections.rotation.done").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.get("connections.rotation.percent").gauge().value())
                    .isEqualTo(100);
        });
    }

    @Test
    void healthIsUpWithFeedAndSchemaDetailsAndNoWorkspaceOrSecret() {
        runner.run(context -> {
            Connections connections = context.getBean(Connections.class);
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
            Health health = context.getBean(ConnectionsHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("storage", "reachable")
                    .containsEntry("schemaVersion", 3)
                    .containsEntry("keysPastUsageWarning", java.util.List.of());
            assertThat(health.getDetails().get("changeFeed"))
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("type", "polling")
                    .containsKeys("healthy", "interval");
            assertThat(health.toString()).doesNotContain(ws.value()).doesNotContain(API_KEY);
        });
    }

    @Test
    void healthListsKeysPastTheirUsageWarning() {
        runner.withBean(KeyUsageLimits.class, () -> KeyUsageLimits.of(1, 1_000_000))
                .run(context -> {
                    context.getBean(Connections.class).addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));
                    Health health =
                            context.getBean(ConnectionsHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("keysPastUsageWarning", java.util.List.of("k1"));
                });
    }

    @Test
    void healthIsDownWhenStorageIsUnreachable() {
        runner.run(context -> {
            try (Connection c = context.getBean(DataSource.class).getConnection();
                    Statement s = c.createStatement()) {
                s.execute("DROP ALL OBJECTS");
            }
            Health health = context.getBean(ConnectionsHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("storage", "unreachable");
            // The exception's type only: its message could carry anything the driver put there.
            assertThat(health.getDetails().get("error")).asString().matches("[\\w.$]+");
        });
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        runner.withPropertyValues("management.health.connections.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ConnectionsHealthIndicator.class));
    }

    private static MeterRegistry bound(ConnectionsMetrics metrics) {
        MeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        return registry;
    }

    private static Timer timer(MeterRegistry registry, String app, String cache, String result) {
        return registry.get("connections.resolve")
                .tag("app", app)
                .tag("cache", cache)
                .tag("result", result)
                .timer();
    }
}
