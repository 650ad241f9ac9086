package dev.connections;

import dev.connections.cache.ResolveMetrics;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.DefaultPolicy;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.event.ConnectionListener;
import dev.connections.event.OperationObserver;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.IntegrationCatalog;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.VerifyBeforeSave;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The builder's choices, frozen: what the facade's collaborators are made from. */
record Settings(
        ConnectionRepository repository,
        SecretStore secrets,
        IntegrationCatalog catalog,
        KeyProvider keyProvider,
        @Nullable KeyUsageCounter keyUsageCounter,
        KeyUsageLimits keyUsageLimits,
        int keyUsageReservation,
        DefaultPolicy defaultPolicy,
        BaseUrlPolicy baseUrlPolicy,
        List<ConnectionListener> listeners,
        @Nullable ChangeFeed changeFeed,
        Clock clock,
        long cacheMaximumSize,
        Duration cacheMaxStaleness,
        Duration negativeCacheTtl,
        Duration staleIfError,
        ResolveMetrics metrics,
        OperationObserver observer,
        CredentialVerifier credentialVerifier,
        VerifyBeforeSave verifyBeforeSave,
        ConnectionStatusStore statusStore,
        Duration usageFlushInterval,
        @Nullable OAuthProtocol oauthProtocol,
        OAuthClients oauthClients,
        Duration oauthRefreshMargin) {
    Settings {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(keyProvider, "keyProvider");
        Objects.requireNonNull(keyUsageLimits, "keyUsageLimits");
        Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        Objects.requireNonNull(baseUrlPolicy, "baseUrlPolicy");
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(cacheMaxStaleness, "cacheMaxStaleness");
        Objects.requireNonNull(negativeCacheTtl, "negativeCacheTtl");
        Objects.requireNonNull(staleIfError, "staleIfError");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(credentialVerifier, "credentialVerifier");
        Objects.requireNonNull(verifyBeforeSave, "verifyBeforeSave");
        Objects.requireNonNull(statusStore, "statusStore");
        Objects.requireNonNull(usageFlushInterval, "usageFlushInterval");
        Objects.requireNonNull(oauthClients, "oauthClients");
        Objects.requireNonNull(oauthRefreshMargin, "oauthRefreshMargin");
    }
}
