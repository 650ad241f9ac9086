package dev.connections.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** connections-jdbc and connections-inmemory are optional: what a host without one of them gets. */
class ConnectionsStorageModulesTest {
    private final ApplicationContextRunner base = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(ConnectionsAutoConfiguration.class, ConnectionsHealthAutoConfiguration.class))
            .withPropertyValues("connections.keys.text=" + TestKeys.text("k1"));

    private final ApplicationContextRunner withH2 = base.withConfiguration(
                    AutoConfigurations.of(DataSourceAutoConfiguration.class))
            .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

    @Test
    void withoutConnectionsJdbcAndNoDataSourceConnectionsLiveInMemoryAndHealthWorks() {
        base.withClassLoader(new FilteredClassLoader("dev.connections.jdbc.")).run(context -> {
            assertThat(context).hasNotFailed().hasBean("connectionsHealthIndicator");
            assertThat(context.getBean(ConnectionRepository.class)).isInstanceOf(InMemoryConnectionRepository.class);
            assertThat(context.getBean(KeyUsageCounter.class)).isInstanceOf(InMemoryKeyUsageCounter.class);
            assertAddsAndResolves(context.getBean(Connections.class));
            assertThat(context.getBean(ConnectionsHealthIndicator.class)
                            .health(true)
                            .getStatus()
                            .getCode())
                    .isEqualTo("UP");
        });
    }

    @Test
    void aDataSourceWithoutConnectionsJdbcFailsStartupNamingTheModule() {
        withH2.withClassLoader(new FilteredClassLoader("dev.connections.jdbc.")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(ConnectionsMissingStorageConfiguration.MissingStorageModuleException.class)
                    .hasMessageContaining("dev.connections:connections-jdbc");
        });
    }

    @Test
    void noDataSourceAndNoConnectionsInmemoryFailsStartupNamingBothWays() {
        base.withClassLoader(new FilteredClassLoader("dev.connections.inmemory."))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(ConnectionsMissingStorageConfiguration.MissingStorageModuleException.class)
                            .hasMessageContaining("dev.connections:connections-inmemory")
                            .hasMessageContaining("dev.connections:connections-jdbc");
                });
    }

    @Test
    void withoutConnectionsInmemoryADataSourceStillGetsTheJdbcAdapter() {
        withH2.withClassLoader(new FilteredClassLoader("dev.connections.inmemory."))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(JdbcConnections.class);
                    assertAddsAndResolves(context.getBean(Connections.class));
                });
    }

    private static void assertAddsAndResolves(Connections connections) {
        WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
        IntegrationId openai = IntegrationId.of("openai");
        connections.addConnection(ws, openai, "Main", Secret.of("sk-storage-modules-0123456789"));
        assertThat(connections.resolveDefault(ws, openai).withKey(Secret::reveal))
                .isEqualTo("sk-storage-modules-0123456789");
    }
}
