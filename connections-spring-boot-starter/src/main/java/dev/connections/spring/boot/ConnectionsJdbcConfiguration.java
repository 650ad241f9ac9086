package dev.connections.spring.boot;

import dev.connections.jdbc.JdbcConnections;
import dev.connections.jdbc.JdbcDialect;
import dev.connections.jdbc.feed.PollingChangeFeed;
import dev.connections.jdbc.feed.PostgresChangeFeed;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.SecretStore;
import dev.connections.spring.boot.ConnectionsProperties.ChangeFeedMode;
import dev.connections.spring.boot.ConnectionsProperties.InitializeSchema;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Storage on the application's DataSource: the JDBC adapter (dialect detected), its schema applied as
 * {@code connections.jdbc.initialize-schema} says, and a change feed as {@code connections.change-feed} says.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(JdbcConnections.class)
@Conditional(ConnectionsAmbiguousDataSourceConfiguration.ChosenDataSource.class)
class ConnectionsJdbcConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsJdbcConfiguration.class);
    private static final boolean BOOT_JDBC_PRESENT = ClassUtils.isPresent(
            "org.springframework.boot.jdbc.EmbeddedDatabaseConnection",
            ConnectionsJdbcConfiguration.class.getClassLoader());

    @Bean
    @ConditionalOnMissingBean
    JdbcConnections connectionsJdbc(
            @ConnectionsDataSource ObjectProvider<DataSource> marked,
            ObjectProvider<DataSource> dataSources,
            ConnectionsProperties properties) {
        ConnectionsProperties.Jdbc jdbc = properties.getJdbc();
        return JdbcConnections.builder(chosen(marked, dataSources))
                .tablePrefix(jdbc.getTablePrefix())
                .statementTimeout(jdbc.getStatementTimeout())
                .lockTimeout(jdbc.getLockTimeout())
                .triggerTimeout(jdbc.getTriggerTimeout())
                .maxRetryTime(jdbc.getMaxRetryTime())
                .build();
    }

    /**
     * Applies the schema before any storage bean is used, and after the host's own database initialization (its
     * Flyway, spring.sql.init): a host Flyway without a baseline refuses a schema that already holds our tables.
     */
    @Bean
    @DependsOnDatabaseInitialization
    SchemaInitializer connectionsSchemaInitializer(
            JdbcConnections jdbc,
            @ConnectionsDataSource ObjectProvider<DataSource> marked,
            ObjectProvider<DataSource> dataSources,
            ConnectionsProperties properties) {
        DataSource dataSource = chosen(marked, dataSources);
        InitializeSchema mode = properties.getJdbc().getInitializeSchema();
        int applied =
                switch (mode) {
                    case ALWAYS -> jdbc.schema().migrate();
                    case NEVER -> 0;
                    case EMBEDDED -> isEmbedded(dataSource, jdbc)
                            ? jdbc.schema().migrate()
                            : 0;
                    case FLYWAY -> FlywaySchema.migrate(dataSource, jdbc);
                };
        return new SchemaInitializer(mode, applied);
    }

    @Bean
    @ConditionalOnMissingBean
    ConnectionRepository connectionsRepository(JdbcConnections jdbc, SchemaInitializer schema) {
        return jdbc.repository();
    }

    @Bean
    @ConditionalOnMissingBean
    SecretStore connectionsSecretStore(JdbcConnections jdbc, SchemaInitializer schema) {
        return jdbc.secretStore();
    }

    /** The durable counter, which {@link ConnectionsAutoConfiguration}'s one KeyUsageCounter bean prefers. */
    @Bean
    DurableKeyUsageCounter connectionsDurableKeyUsageCounter(JdbcConnections jdbc, SchemaInitializer schema) {
        return new DurableKeyUsageCounter(jdbc.keyUsageCounter());
    }

    /** The schema's versions for the health check. */
    @Bean
    SchemaVersions connectionsSchemaVersions(JdbcConnections jdbc) {
        return new SchemaVersions() {
            @Override
            public int current() {
                return jdbc.schema().currentVersion();
            }

            @Override
            public int latest() {
                return jdbc.schema().latestVersion();
            }
        };
    }

    /** Last key check and last use per connection, shared by every instance (schema version 2). */
    @Bean
    @ConditionalOnMissingBean
    ConnectionStatusStore connectionsStatusStore(JdbcConnections jdbc, SchemaInitializer schema) {
        return jdbc.statusStore();
    }

    /** LISTEN/NOTIFY on PostgreSQL, polling elsewhere, unless connections.change-feed says otherwise. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnExpression("!'${connections.change-feed:auto}'.equalsIgnoreCase('none')"
            + " && !'${connections.change-feed:auto}'.equalsIgnoreCase('redis')"
            + " && !'${connections.change-feed:auto}'.equalsIgnoreCase('nats')")
    ChangeFeed connectionsChangeFeed(
            JdbcConnections jdbc,
            @ConnectionsDataSource ObjectProvider<DataSource> marked,
            ObjectProvider<DataSource> dataSources,
            ConnectionsProperties properties,
            Environment environment,
            SchemaInitializer schema) {
        DataSource dataSource = chosen(marked, dataSources);
        ChangeFeedMode mode = properties.getChangeFeed();
        boolean postgres = jdbc.dialect() == JdbcDialect.POSTGRESQL;
        if (mode == ChangeFeedMode.POSTGRES && !postgres) {
            throw new IllegalStateException(
                    "connections.change-feed=postgres needs a PostgreSQL DataSource, but this one is " + jdbc.dialect()
                            + ": use polling or auto");
        }
        if (mode == ChangeFeedMode.POSTGRES || (mode == ChangeFeedMode.AUTO && postgres)) {
            return postgresFeed(jdbc, dataSource, properties.getPostgres(), environment);
        }
        return PollingChangeFeed.builder(jdbc).build();
    }

    /**
     * The listener opens a connection of its own, never one of the pool's: from connections.postgres.listener-url
     * or the pool's URL, with the listener's credentials or else spring.datasource's.
     */
    private static PostgresChangeFeed postgresFeed(
            JdbcConnections jdbc,
            DataSource dataSource,
            ConnectionsProperties.Postgres listener,
            Environment environment) {
        PostgresChangeFeed.Builder builder =
                PostgresChangeFeed.builder(dataSource).tablePrefix(jdbc.tables().prefix());
        if (listener.getListenerUrl() != null && !listener.getListenerUrl().isBlank()) {
            builder.listenerUrl(listener.getListenerUrl());
        }
        String user = listener.getListenerUsername() != null
                ? listener.getListenerUsername()
                : environment.getProperty("spring.datasource.username");
        String password = listener.getListenerPassword() != null
                ? listener.getListenerPassword()
                : environment.getProperty("spring.datasource.password");
        return builder.listenerCredentials(user, password).build();
    }

    /** The {@link ConnectionsDataSource} one, else the only or {@code @Primary} one (the condition ensures one). */
    private static DataSource chosen(ObjectProvider<DataSource> marked, ObjectProvider<DataSource> dataSources) {
        return marked.getIfAvailable(dataSources::getObject);
    }

    private static boolean isEmbedded(DataSource dataSource, JdbcConnections jdbc) {
        if (BOOT_JDBC_PRESENT) {
            return EmbeddedDatabaseConnection.isEmbedded(dataSource);
        }
        return jdbc.dialect() == JdbcDialect.H2;
    }

    /**
     * What the starter did to the schema at startup; the storage beans depend on it, so the tables exist first.
     *
     * @param mode the connections.jdbc.initialize-schema in force
     * @param applied how many scripts were applied (0 when current, or when the mode did not apply)
     */
    record SchemaInitializer(InitializeSchema mode, int applied) {}
}
