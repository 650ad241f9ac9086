package dev.connections.spring.boot;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.cache.ResolveMetrics;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.crypto.InMemoryKeyUsageCounter;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.event.ConnectionListener;
import dev.connections.event.OperationObserver;
import dev.connections.keys.KeyProviders;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.IntegrationCatalog;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import dev.connections.spring.boot.ConnectionsProperties.Keys;
import dev.connections.verify.CredentialVerifier;
import java.nio.file.Path;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Wires a {@link Connections} from the host's beans and {@code connections.*} properties: the JDBC adapter
 * when there is one DataSource, or one marked {@link ConnectionsDataSource} ({@link
 * ConnectionsJdbcConfiguration}), in memory otherwise. Every bean
 * backs off when the host defines its own of the same type.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(ConnectionsProperties.class)
@Import({
    ConnectionsJdbcConfiguration.class,
    ConnectionsInMemoryConfiguration.class,
    ConnectionsAmbiguousDataSourceConfiguration.class,
    ConnectionsMissingStorageConfiguration.class,
    ConnectionsRedisConfiguration.class,
    ConnectionsNatsConfiguration.class,
    ConnectionsOAuthConfiguration.class
})
public class ConnectionsAutoConfiguration {

    /** The environment variable read when connections.keys.text is unset; the same name as the README's. */
    static final String KEYS_VARIABLE = "CONNECTIONS_KEYS";

    /** Keys from connections.keys.* or CONNECTIONS_KEYS; without any, startup fails saying what to set. */
    @Bean
    @ConditionalOnMissingBean
    KeyProvider connectionsKeyProvider(ConnectionsProperties properties, Environment environment) {
        Keys keys = properties.getKeys();
        if (keys.getText() != null && !keys.getText().isBlank()) {
            return KeyProviders.fromText(keys.getText());
        }
        String variable = environment.getProperty(KEYS_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            return KeyProviders.fromText(variable);
        }
        if (keys.getFile() != null && !keys.getFile().isBlank()) {
            return KeyProviders.fromFile(Path.of(keys.getFile()));
        }
        if (keys.isDevelopment()) {
            // KeyProviders warns (once per file) that this key is for development only.
            return KeyProviders.developmentKeyFile(Path.of(keys.getDevelopmentFile()));
        }
        throw new MissingKeysException();
    }

    /** The bundled catalog of integrations. */
    @Bean
    @ConditionalOnMissingBean
    IntegrationCatalog connectionsCatalog() {
        return IntegrationCatalogs.bundled();
    }

    /** When to warn about and refuse encryptions under one key; shared with the metrics and health check. */
    @Bean
    @ConditionalOnMissingBean
    KeyUsageLimits connectionsKeyUsageLimits() {
        return KeyUsageLimits.defaults();
    }

    /** The one counter of encryptions per key: the storage's durable one (JDBC), else in memory. */
    @Bean
    @ConditionalOnMissingBean
    KeyUsageCounter connectionsKeyUsageCounter(ObjectProvider<DurableKeyUsageCounter> durable) {
        DurableKeyUsageCounter stored = durable.getIfAvailable();
        return stored != null ? stored.counter() : new InMemoryKeyUsageCounter();
    }

    /** The facade, closed with the context (which stops its change-feed subscription). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Connections connections(
            ConnectionsProperties properties,
            ConnectionRepository repository,
            SecretStore secretStore,
            KeyProvider keyProvider,
            IntegrationCatalog catalog,
            KeyUsageCounter keyUsageCounter,
            KeyUsageLimits keyUsageLimits,
            ObjectProvider<ConnectionListener> listeners,
            ObjectProvider<ChangeFeed> changeFeed,
            ObjectProvider<ResolveMetrics> metrics,
            ObjectProvider<OperationObserver> observer,
            ObjectProvider<ConnectionStatusStore> statusStore,
            ObjectProvider<CredentialVerifier> verifier,
            ObjectProvider<OAuthProtocol> oauthProtocol,
            ObjectProvider<OAuthClients> oauthClients) {
        ConnectionsProperties.Cache cache = properties.getCache();
        ConnectionsBuilder builder = ConnectionsBuilder.newBuilder()
                .repository(repository)
                .secretStore(secretStore)
                .keyProvider(keyProvider)
                .catalog(catalog)
                .keyUsageCounter(keyUsageCounter)
                .keyUsageLimits(keyUsageLimits)
                .cacheMaximumSize(cache.getMaximumSize())
                .cacheMaxStaleness(cache.getMaxStaleness())
                .negativeCacheTtl(cache.getNegativeTtl())
                .staleIfError(cache.getStaleIfError())
                .verifyBeforeSave(properties.getVerifyBeforeSave());
        listeners.orderedStream().forEach(builder::listener);
        changeFeed.ifUnique(builder::changeFeed);
        metrics.ifUnique(builder::metrics);
        observer.ifUnique(builder::observer);
        statusStore.ifUnique(builder::statusStore);
        verifier.ifUnique(builder::credentialVerifier);
        oauthProtocol.ifUnique(protocol -> builder.oauth(protocol, oauthClients.getIfUnique(() -> OAuthClients.NONE)));
        builder.oauthRefreshMargin(properties.getOauth().getRefreshMargin());
        return builder.build();
    }
}
