package dev.connections.spring.boot;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.util.Arrays;
import javax.sql.DataSource;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Several DataSources, none {@code @Primary} or {@link ConnectionsDataSource}: instead of Spring's generic "required a
 * bean of type ConnectionRepository", startup fails naming the candidates and what to mark.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "dev.connections.jdbc.JdbcConnections")
@ConditionalOnBean(DataSource.class)
@Conditional(ConnectionsAmbiguousDataSourceConfiguration.NoChosenDataSource.class)
class ConnectionsAmbiguousDataSourceConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ConnectionRepository connectionsRepository(ListableBeanFactory beans) {
        throw ambiguous(beans);
    }

    @Bean
    @ConditionalOnMissingBean
    SecretStore connectionsSecretStore(ListableBeanFactory beans) {
        throw ambiguous(beans);
    }

    private static AmbiguousDataSourceException ambiguous(ListableBeanFactory beans) {
        return new AmbiguousDataSourceException(
                Arrays.asList(beans.getBeanNamesForType(DataSource.class, true, false)));
    }

    /** Neither one DataSource (alone or {@code @Primary}) nor one marked {@link ConnectionsDataSource}. */
    static final class NoChosenDataSource extends NoneNestedConditions {
        NoChosenDataSource() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnSingleCandidate(DataSource.class)
        static final class SingleCandidate {}

        @ConditionalOnBean(annotation = ConnectionsDataSource.class)
        static final class Marked {}
    }

    /** One DataSource (alone or {@code @Primary}) or one marked {@link ConnectionsDataSource}. */
    static final class ChosenDataSource extends AnyNestedCondition {
        ChosenDataSource() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnSingleCandidate(DataSource.class)
        static final class SingleCandidate {}

        @ConditionalOnBean(annotation = ConnectionsDataSource.class)
        static final class Marked {}
    }
}
