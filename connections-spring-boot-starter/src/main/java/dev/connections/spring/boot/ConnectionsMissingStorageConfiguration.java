package dev.connections.spring.boot;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The storage modules are optional dependencies of the starter: when the one the application needs is absent and
 * it brings no storage beans of its own, startup fails saying which module to add.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionsMissingStorageConfiguration {

    static final String NO_JDBC = "The application has a DataSource but connections-jdbc is not on the classpath:"
            + " add the dependency dev.connections:connections-jdbc (or define ConnectionRepository and SecretStore"
            + " beans).";
    static final String NO_IN_MEMORY = "The application has no DataSource and connections-inmemory is not on the"
            + " classpath: add a DataSource with dev.connections:connections-jdbc for durable storage, or"
            + " dev.connections:connections-inmemory to keep connections in memory (lost on restart).";

    /** A DataSource without connections-jdbc. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.connections.jdbc.JdbcConnections")
    @ConditionalOnBean(DataSource.class)
    static class NoJdbc {
        @Bean
        @ConditionalOnMissingBean
        ConnectionRepository connectionsRepository() {
            throw new MissingStorageModuleException(NO_JDBC);
        }

        @Bean
        @ConditionalOnMissingBean
        SecretStore connectionsSecretStore() {
            throw new MissingStorageModuleException(NO_JDBC);
        }
    }

    /** Neither a DataSource nor connections-inmemory. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.connections.inmemory.InMemoryConnectionRepository")
    @ConditionalOnMissingBean(DataSource.class)
    static class NoInMemory {
        @Bean
        @ConditionalOnMissingBean
        ConnectionRepository connectionsRepository() {
            throw new MissingStorageModuleException(NO_IN_MEMORY);
        }

        @Bean
        @ConditionalOnMissingBean
        SecretStore connectionsSecretStore() {
            throw new MissingStorageModuleException(NO_IN_MEMORY);
        }
    }

    /** Startup stops with this when the storage module the application needs is not on the classpath. */
    static final class MissingStorageModuleException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        MissingStorageModuleException(String message) {
            super(message);
        }
    }
}
