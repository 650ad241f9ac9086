package dev.connections.spring.boot;

import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.API_KEY;
import static dev.connections.spring.boot.ConnectionsAutoConfigurationTest.OPENAI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.connections.Connections;
import dev.connections.id.WorkspaceId;
import dev.connections.nats.NatsChangeFeed;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import io.nats.client.Connection;
import io.nats.client.Nats;
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
 * {@code connections.change-feed=nats}: the feed on {@code connections.nats.url} or on the application's NATS
 * Connection bean, its health details, and clear startup failures when something is missing. The tests that
 * connect are skipped without CONNECTIONS_TEST_NATS_URL (failed under CI=true).
 */
class ConnectionsNatsTest {
    private static final String VARIABLE = "CONNECTIONS_TEST_NATS_URL";
    private final String subject = "connections.starter-test." + UUID.randomUUID();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ConnectionsAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class))
            .withPropertyValues(
                    "connections.keys.text=" + TestKeys.text("k1"),
                    "connections.change-feed=nats",
                    "connections.nats.subject=" + subject);

    private static String natsUrl() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + VARIABLE + " is not set");
            }
            Assumptions.assumeTrue(false, "NATS tests are skipped: set " + VARIABLE + "=nats://127.0.0.1:4222");
        }
        return url;
    }

    @Test
    void natsUrlGivesANatsFeedThatTheFacadeUsesAndTheHealthReports() {
        runner.withPropertyValues("connections.nats.url=" + natsUrl()).run(context -> {
            assertThat(context).hasNotFailed();
            NatsChangeFeed feed = (NatsChangeFeed) context.getBean(ChangeFeed.class);
            assertThat(feed.subject()).isEqualTo(subject);
            assertThat(feed.isSubscribed()).isTrue();
            Connections connections = context.getBean(Connections.class);
            WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
            connections.addConnection(ws, OPENAI, "Main", Secret.of(API_KEY));

            Health health = context.getBean(ConnectionsHealthIndicator.class).health(true);
            assertThat(health.getDetails().get("changeFeed"))
                    .isEqualTo(Map.of("type", "nats", "subscribed", true, "reconnects", 0L));
            assertThat(health.toString()).doesNotContain(API_KEY).doesNotContain(natsUrl());
        });
    }

    @Test
    void withADataSourceNatsStillReplacesTheDatabaseFeed() {
        runner.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "connections.nats.url=" + natsUrl())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(ChangeFeed.class).values())
                            .singleElement()
                            .isInstanceOf(NatsChangeFeed.class);
                });
    }

    @Test
    void theApplicationsConnectionIsUsedAndLeftOpen() throws Exception {
        try (Connection connection = Nats.connect(natsUrl())) {
            runner.withBean(Connection.class, () -> connection).run(context -> {
                assertThat(context).hasNotFailed();
                NatsChangeFeed feed = (NatsChangeFeed) context.getBean(ChangeFeed.class);
                assertThat(feed.isSubscribed()).isTrue();
                feed.close();
                assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
            });
        }
    }

    @Test
    void withoutAConnectionOrAUrlStartupSaysWhatToSet() {
        runner.run(context -> assertThat(context)
                .getFailure()
                .rootCause()
                .hasMessageContaining("connections.nats.url")
                .hasMessageContaining("io.nats.client.Connection"));
    }

    @Test
    void withoutConnectionsNatsStartupSaysWhichModuleToAdd() {
        runner.withClassLoader(new FilteredClassLoader(NatsChangeFeed.class))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("connections-nats"));
    }
}
