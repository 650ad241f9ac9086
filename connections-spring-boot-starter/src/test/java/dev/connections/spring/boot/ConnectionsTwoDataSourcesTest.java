package dev.connections.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnectionRepository;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** A host with an application database and a reporting one: which one Connections stores its tables in. */
class ConnectionsTwoDataSourcesTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConnectionsAutoConfiguration.class))
            .withPropertyValues("connections.keys.text=" + TestKeys.text("k1"));

    @Test
    void theMarkedDataSourceIsUsedAndTheOtherLeftAlone() {
        runner.withUserConfiguration(MarkedReporting.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ConnectionRepository.class)).isInstanceOf(JdbcConnectionRepository.class);
            assertAddsAndResolves(context.getBean(Connections.class));
            assertThat(connectionsTables(context.getBean("reporting", DataSource.class)))
                    .isPositive();
            assertThat(connectionsTables(context.getBean("application", DataSource.class)))
                    .isZero();
        });
    }

    @Test
    void withoutTheMarkThePrimaryDataSourceIsUsed() {
        runner.withUserConfiguration(PrimaryApplication.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertAddsAndResolves(context.getBean(Connections.class));
            assertThat(connectionsTables(context.getBean("application", DataSource.class)))
                    .isPositive();
            assertThat(connectionsTables(context.getBean("reporting", DataSource.class)))
                    .isZero();
        });
    }

    @Test
    void withNeitherStartupFailsNamingBothCandidatesAndWhatToMark() {
        runner.withUserConfiguration(TwoPlain.class).run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            assertThat(failure)
                    .rootCause()
                    .isInstanceOf(AmbiguousDataSourceException.class)
                    .hasMessageContaining("application")
                    .hasMessageContaining("reporting");
            FailureAnalysis analysis = new AmbiguousDataSourceFailureAnalyzer().analyze(failure);
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription())
                    .contains("found 2 (application, reporting)")
                    .doesNotContain("ConnectionRepository");
            assertThat(analysis.getAction()).contains("@ConnectionsDataSource").contains("@Primary");
        });
    }

    private static void assertAddsAndResolves(Connections connections) {
        WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
        IntegrationId openai = IntegrationId.of("openai");
        connections.addConnection(ws, openai, "Main", Secret.of("sk-two-datasources-0123456789"));
        assertThat(connections.resolveDefault(ws, openai).withKey(Secret::reveal))
                .isEqualTo("sk-two-datasources-0123456789");
    }

    private static int connectionsTables(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.createStatement()
                        .executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                                + " WHERE LOWER(TABLE_NAME) LIKE 'connections\\_%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static DataSource h2() {
        return new DriverManagerDataSource("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Configuration(proxyBeanMethods = false)
    static class MarkedReporting {
        @Bean
        DataSource application() {
            return h2();
        }

        @Bean
        @ConnectionsDataSource
        DataSource reporting() {
            return h2();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PrimaryApplication {
        @Bean
        @Primary
        DataSource application() {
            return h2();
        }

        @Bean
        DataSource reporting() {
            return h2();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoPlain {
        @Bean
        DataSource application() {
            return h2();
        }

        @Bean
        DataSource reporting() {
            return h2();
        }
    }
}
