package dev.connections.spring.boot;

import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.spring.boot.ConnectionsProperties.ChangeFeedMode;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Storage without a DataSource: in memory, lost on restart, so it says so at WARN. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(InMemoryConnectionRepository.class)
@ConditionalOnMissingBean(DataSource.class)
class ConnectionsInMemoryConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsInMemoryConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    ConnectionRepository connectionsRepository(ConnectionsProperties properties) {
        ChangeFeedMode feed = properties.getChangeFeed();
        if (feed == ChangeFeedMode.POSTGRES || feed == ChangeFeedMode.POLLING) {
            throw new IllegalStateException("connections.change-feed="
                    + feed.name().toLowerCase(Locale.ROOT) + " needs a DataSource; without one use auto or none");
        }
        LOG.warn("No DataSource: connections are kept in memory and lost on restart. Add a DataSource (and its"
                + " JDBC driver) or a ConnectionRepository bean for durable storage.");
        return new InMemoryConnectionRepository();
    }

    @Bean
    @ConditionalOnMissingBean
    SecretStore connectionsSecretStore() {
        return new InMemorySecretStore();
    }
}
