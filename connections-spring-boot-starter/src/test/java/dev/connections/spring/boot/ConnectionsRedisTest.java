package dev.connections.spring.boot;

import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.API_KEY;
import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;

import dev.connections.Connections;
import dev.connections.id.WorkspaceId;
import dev.connections.redis.RedisChangeFeed;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.tck.fault.TcpFaultProxy;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code connections.change-feed=redis}: the feed on {@code connections.redis.url} or on the application's
 * RedisClient bean, its health details, and clear startup failures when something is missing. The tests that
 * connect are skipped without CONNECTIONS_TEST_REDIS_URL (failed under CI=true).
 */
class ConnectionsRedisTest {
    private static final String VARIABLE = "CONNECTIONS_TEST_REDIS_URL";
    private final String channel = "connections-starter-test-" + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ConnectionsAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class))
            .withPropertyValues(
                    "connections.keys.text=" + TestKeys.text("k1"),
                    "connections.change-feed=redis",
                    "connections.redis.channel=" + channel);

    private static String redisUrl() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + VARIABLE + " is not set");
            }
            Assumptions.assumeTrue(false, "Redis tests are skipped: set " + VARIABLE + "=redis://127.0.0.1:6379");
        }
        return url;
    }

    @Test
    void redisUrlGivesARedisFeedThatTheFacadeUsesAndTheHealthReports() {
        runner.withPropertyValues("connections.redis.url=" + redisUrl()).run(context -> {
            assertThat(context).hasNotFailed();
            RedisChangeFeed feed = (RedisChangeFeed) context.getBean(ChangeFeed.class);
            assertThat(feed.channel()).isEqualTo(channel);
            assertThat(feed.awaitSubscribed(Duration.ofSeconds(10))).isTrue();
            Connections connections = context.getBean(Connections.class);
            WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));

            Health health = context.getBean(ConnectionsHealthIndicator.class).health(true);
            assertThat(health.getDetails().get("changeFeed"))
                    .isEqualTo(Map.of("type", "redis", "subscribed", true, "reconnects", 0L, "missedHeartbeats", 0L));
            assertThat(health.toString()).doesNotContain(API_KEY).doesNotContain(redisUrl());
        });
    }

    @Test
    void withADataSourceRedisStillReplacesTheDatabaseFeed() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "connections.redis.url=" + redisUrl())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(ChangeFeed.class).values())
                            .singleElement()
                            .isInstanceOf(RedisChangeFeed.class);
                });
    }

    @Test
    void theApplicationsRedisClientIsUsedAndLeftRunning() {
        RedisClient client = RedisClient.create(redisUrl());
        try {
            runner.withBean(RedisClient.class, () -> client).run(context -> {
                assertThat(context).hasNotFailed();
                RedisChangeFeed feed = (RedisChangeFeed) context.getBean(ChangeFeed.class);
                assertThat(feed.awaitSubscribed(Duration.ofSeconds(10))).isTrue();
                feed.close();
                // Closing the feed left the application's client running: it still connects.
                client.connect().close();
            });
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theHealthCountsTheHeartbeatsMissedWhileRedisWasSilentAndTheSubscriptionThatFollowed() throws Exception {
        RedisURI direct = RedisURI.create(redisUrl());
        try (TcpFaultProxy proxy = TcpFaultProxy.start(direct.getHost(), direct.getPort())) {
            RedisURI throughProxy = RedisURI.create(redisUrl());
            throughProxy.setHost(proxy.host());
            throughProxy.setPort(proxy.port());
            RedisClient client = RedisClient.create(throughProxy);
            RedisChangeFeed feed = RedisChangeFeed.builder(client)
                    .channel(channel)
                    .heartbeatInterval(Duration.ofMillis(200))
                    .build();
            try {
                runner.withBean(ChangeFeed.class, () -> feed).run(context -> {
                    assertThat(feed.awaitSubscribed(Duration.ofSeconds(10))).isTrue();
                    ConnectionsHealthIndicator health = context.getBean(ConnectionsHealthIndicator.class);

                    proxy.blackhole();
                    await("a missed heartbeat in the health details")
                            .atMost(Duration.ofSeconds(10))
                            .until(() -> (Long) feedDetails(health).get("missedHeartbeats") >= 1);

                    proxy.passThrough();
                    await("subscribed again")
                            .atMost(Duration.ofSeconds(30))
                            .until(() -> feedDetails(health).get("subscribed").equals(true)
                                    && (Long) feedDetails(health).get("reconnects") >= 1);
                });
            } finally {
                feed.close();
                client.shutdown();
            }
        }
    }

    private static Map<?, ?> feedDetails(ConnectionsHealthIndicator health) {
        return (Map<?, ?>) health.health(true).getDetails().get("changeFeed");
    }

    @Test
    void withoutAClientOrAUrlStartupSaysWhatToSet() {
        runner.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("connections.redis.url")
                .hasMessageContaining("RedisClient"));
    }

    @Test
    void withoutConnectionsRedisStartupSaysWhichModuleToAdd() {
        runner.withClassLoader(new FilteredClassLoader(RedisChangeFeed.class))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("connections-redis"));
    }
}
