package dev.connections;

import dev.connections.cache.ResolveMetrics;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.DefaultPolicy;
import dev.connections.crypto.KeyRing;
import dev.connections.crypto.KeyUsageCounter;
import dev.connections.crypto.KeyUsageLimits;
import dev.connections.error.StorageException;
import dev.connections.event.ConnectionListener;
import dev.connections.event.OperationObserver;
import dev.connections.internal.Durations;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.IntegrationCatalog;
import dev.connections.spi.KeyProvider;
import dev.connections.spi.SecretStore;
import dev.connections.spi.support.InMemoryConnectionStatusStore;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.HttpCredentialVerifier;
import dev.connections.verify.VerifyBeforeSave;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Wires a {@link Connections}: storage and keys are required, everything else has a sensible default.
 *
 * <pre>{@code
 * Connections connections = ConnectionsBuilder.newBuilder()
 *         .repository(new InMemoryConnectionRepository())
 *         .secretStore(new InMemorySecretStore())
 *         .keyProvider(KeyProviders.fromEnvironment("CONNECTIONS_KEYS"))
 *         .build();
 * }</pre>
 */
public final class ConnectionsBuilder {
    @Nullable
    ConnectionRepository repository;

    @Nullable
    SecretStore secretStore;

    @Nullable
    KeyProvider keyProvider;

    @Nullable
    IntegrationCatalog catalog;

    @Nullable
    KeyUsageCounter keyUsageCounter;

    KeyUsageLimits keyUsageLimits = KeyUsageLimits.defaults();
    int keyUsageReservation = 1_000;

    DefaultPolicy defaultPolicy = DefaultPolicy.oldestFirst();
    BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.defaults();
    private @Nullable CredentialVerifier credentialVerifier;
    private VerifyBeforeSave verifyBeforeSave = VerifyBeforeSave.OFF;
    private @Nullable ConnectionStatusStore statusStore;
    private Duration usageFlushInterval = Duration.ofSeconds(10);
    private @Nullable OAuthProtocol oauthProtocol;
    private OAuthClients oauthClients = OAuthClients.NONE;
    private Duration oauthRefreshMargin = Duration.ofMinutes(5);
    final List<ConnectionListener> listeners = new ArrayList<>();

    @Nullable
    ChangeFeed changeFeed;

    Clock clock = Clock.systemUTC();
    long cacheMaximumSize = 100_000;
    Duration cacheMaxStaleness = Duration.ofSeconds(30);
    Duration negativeCacheTtl = Duration.ofSeconds(1);
    Duration staleIfError = Duration.ofMinutes(5);
    ResolveMetrics metrics = ResolveMetrics.NONE;
    OperationObserver observer = OperationObserver.NONE;

    private ConnectionsBuilder() {}

    /** Starts wiring a {@link Connections}: storage, catalog, encryption keys, listeners. */
    public static ConnectionsBuilder newBuilder() {
        return new ConnectionsBuilder();
    }

    /** Where connections live (required). */
    public ConnectionsBuilder repository(ConnectionRepository repository) {
        this.repository = Objects.requireNonNull(repository, "repository");
        return this;
    }

    /** Where encrypted keys live (required). */
    public ConnectionsBuilder secretStore(SecretStore secretStore) {
        this.secretStore = Objects.requireNonNull(secretStore, "secretStore");
        return this;
    }

    /** Where the encryption keys come from (required, or {@link #keyRing}). */
    public ConnectionsBuilder keyProvider(KeyProvider keyProvider) {
        this.keyProvider = Objects.requireNonNull(keyProvider, "keyProvider");
        return this;
    }

    /** A fixed key ring; same as {@code keyProvider(() -> keyRing)}. */
    public ConnectionsBuilder keyRing(KeyRing keyRing) {
        Objects.requireNonNull(keyRing, "keyRing");
        return keyProvider(() -> keyRing);
    }

    /**
     * Where encryptions per key are counted; defaults to an in-memory counter, which restarts from zero
     * with the process, so production hosts should pass a durable one (the JDBC module has one).
     */
    public ConnectionsBuilder keyUsageCounter(KeyUsageCounter keyUsageCounter) {
        this.keyUsageCounter = Objects.requireNonNull(keyUsageCounter, "keyUsageCounter");
        return this;
    }

    /** When to warn about and when to refuse encryptions under one key; defaults to {@link KeyUsageLimits#defaults()}. */
    public ConnectionsBuilder keyUsageLimits(KeyUsageLimits keyUsageLimits) {
        this.keyUsageLimits = Objects.requireNonNull(keyUsageLimits, "keyUsageLimits");
        return this;
    }

    /**
     * How many encryptions one durable count reserves at a time (default 1,000), so a write does not commit a
     * transaction of its own for the key-usage counter; 1 counts every encryption on its own. Counting stays
     * conservative: a restart can only leave up to this many numbers counted but unused, per instance.
     *
     * @throws IllegalArgumentException when {@code encryptions} is less than 1
     */
    public ConnectionsBuilder keyUsageReservation(int encryptions) {
        if (encryptions < 1) {
            throw new IllegalArgumentException("keyUsageReservation must be at least 1, was " + encryptions);
        }
        this.keyUsageReservation = encryptions;
        return this;
    }

    /** The pre-built integrations; defaults to the bundled catalog. */
    public ConnectionsBuilder catalog(IntegrationCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        return this;
    }

    /** Who succeeds a deleted default; defaults to {@link DefaultPolicy#oldestFirst()}. */
    public ConnectionsBuilder defaultPolicy(DefaultPolicy defaultPolicy) {
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        return this;
    }

    /**
     * Which base URLs workspace members may give custom apps (checked when a custom app is added);
     * {@link BaseUrlPolicy#defaults()} unless set. Catalog base URLs are trusted and not checked. The
     * host applies the same policy to the addresses it connects to, via {@link Maintenance#baseUrlPolicy()}.
     */
    public ConnectionsBuilder baseUrlPolicy(BaseUrlPolicy baseUrlPolicy) {
        this.baseUrlPolicy = Objects.requireNonNull(baseUrlPolicy, "baseUrlPolicy");
        return this;
    }

    /**
     * What checks keys against the live API ({@link Connections#verifyConnection}, {@link #verifyBeforeSave});
     * unless set, an {@link HttpCredentialVerifier} with its default limits and this builder's {@link
     * #baseUrlPolicy}.
     */
    public ConnectionsBuilder credentialVerifier(CredentialVerifier credentialVerifier) {
        this.credentialVerifier = Objects.requireNonNull(credentialVerifier, "credentialVerifier");
        return this;
    }

    /**
     * Whether a new key (added connection, replaced key) is checked against the live API before it is
     * stored; {@link VerifyBeforeSave#OFF} unless set. A rejected key becomes a field error on {@code apiKey}
     * and nothing is stored; the setting says what an unreachable API means.
     */
    public ConnectionsBuilder verifyBeforeSave(VerifyBeforeSave verifyBeforeSave) {
        this.verifyBeforeSave = Objects.requireNonNull(verifyBeforeSave, "verifyBeforeSave");
        return this;
    }

    /**
     * Where connections' statuses (last key check, last use) are kept; unless set, this process's memory
     * ({@link InMemoryConnectionStatusStore}: lost on restart, not shared). The JDBC adapter's {@code
     * statusStore()} is durable and shared by every instance.
     */
    public ConnectionsBuilder statusStore(ConnectionStatusStore statusStore) {
        this.statusStore = Objects.requireNonNull(statusStore, "statusStore");
        return this;
    }

    /**
     * How often "last used" times are written, in one batch, from a background thread (default 10 s);
     * {@link Duration#ZERO} writes them only when the facade is closed. A use is noted at most once per
     * connection per minute, so the trigger path never waits for storage.
     */
    public ConnectionsBuilder usageFlushInterval(Duration usageFlushInterval) {
        this.usageFlushInterval = Durations.nonNegative(usageFlushInterval, "usageFlushInterval");
        return this;
    }

    /**
     * Lets apps be connected by OAuth 2.0 ({@link Connections#oauth()}): {@code protocol} speaks to the providers
     * ({@code connections-oauth2}'s {@code NimbusOAuthProtocol}), {@code clients} holds the host's client id and
     * secret per app. Without it, only API keys can be added.
     */
    public ConnectionsBuilder oauth(OAuthProtocol protocol, OAuthClients clients) {
        this.oauthProtocol = Objects.requireNonNull(protocol, "protocol");
        this.oauthClients = Objects.requireNonNull(clients, "clients");
        return this;
    }

    /**
     * How long before its expiry an access token is refreshed by the trigger path (default 5 minutes), so a
     * token handed out stays valid for at least this long; a refresh that fails meanwhile leaves the old
     * token in use.
     */
    public ConnectionsBuilder oauthRefreshMargin(Duration margin) {
        this.oauthRefreshMargin = Durations.nonNegative(margin, "oauthRefreshMargin");
        return this;
    }

    /** Adds a listener for change events (the audit logger is always there). */
    public ConnectionsBuilder listener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** How other host instances learn of changes; defaults to none (a single instance). */
    public ConnectionsBuilder changeFeed(ChangeFeed changeFeed) {
        this.changeFeed = Objects.requireNonNull(changeFeed, "changeFeed");
        return this;
    }

    /** Source of timestamps; defaults to the UTC system clock. */
    public ConnectionsBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    /** Most entries the resolution cache holds (default 100,000; 0 disables caching). */
    public ConnectionsBuilder cacheMaximumSize(long maximumSize) {
        if (maximumSize < 0) {
            throw new IllegalArgumentException("cacheMaximumSize cannot be negative");
        }
        this.cacheMaximumSize = maximumSize;
        return this;
    }

    /**
     * Longest a cached resolution is served without re-reading storage (default 30 s): the bound on
     * staleness if a change notice from another instance is lost.
     */
    public ConnectionsBuilder cacheMaxStaleness(Duration maxStaleness) {
        this.cacheMaxStaleness = Durations.positive(maxStaleness, "cacheMaxStaleness");
        return this;
    }

    /** How long "no connection" is remembered (default 1 s). */
    public ConnectionsBuilder negativeCacheTtl(Duration ttl) {
        this.negativeCacheTtl = Durations.positive(ttl, "negativeCacheTtl");
        return this;
    }

    /**
     * How long past {@link #cacheMaxStaleness} {@code resolveDefault} keeps serving the last good entry
     * while reloading it fails with a {@link StorageException} (default 5 minutes; {@link Duration#ZERO}
     * disables), so the trigger path stays up while the database is down.
     *
     * <p>Only storage failures are answered this way; any other exception propagates, and without a last
     * good entry (or for "no connection") the {@code StorageException} does. Writes through this instance
     * and change notices drop the entry, last good copy included, so nothing this instance knows to be
     * outdated is ever served. A change on another instance whose notice was lost is served for at most
     * maxStaleness + staleIfError, and only while storage fails. Each stale answer counts in {@link
     * dev.connections.cache.ResolutionStats#staleServed()} and storage failures are logged at WARN at
     * most once a minute.
     *
     * @throws IllegalArgumentException when {@code staleIfError} is negative
     */
    public ConnectionsBuilder staleIfError(Duration staleIfError) {
        this.staleIfError = Durations.nonNegative(staleIfError, "staleIfError");
        return this;
    }

    /**
     * Opens and closes a scope around each resolve, "Test connection" and write, for tracing (the Spring Boot
     * starter bridges it to Micrometer's {@code ObservationRegistry}); defaults to none.
     */
    public ConnectionsBuilder observer(OperationObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
        return this;
    }

    /** Receives one call per {@code resolveDefault} (count, cache hit, latency); defaults to none. */
    public ConnectionsBuilder metrics(ResolveMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        return this;
    }

    /**
     * Builds the facade.
     *
     * @throws IllegalStateException when a required part is missing
     */
    public Connections build() {
        if (repository == null) {
            throw new IllegalStateException("Connections needs a repository: call repository(...)");
        }
        if (secretStore == null) {
            throw new IllegalStateException("Connections needs a secret store: call secretStore(...)");
        }
        if (keyProvider == null) {
            throw new IllegalStateException("Connections needs encryption keys: call keyProvider(...) or keyRing(...)");
        }
        return new DefaultConnections(new Settings(
                repository,
                secretStore,
                catalog != null ? catalog : IntegrationCatalogs.bundled(),
                keyProvider,
                keyUsageCounter,
                keyUsageLimits,
                keyUsageReservation,
                defaultPolicy,
                baseUrlPolicy,
                listeners,
                changeFeed,
                clock,
                cacheMaximumSize,
                cacheMaxStaleness,
                negativeCacheTtl,
                staleIfError,
                metrics,
                observer,
                credentialVerifier != null
                        ? credentialVerifier
                        : HttpCredentialVerifier.builder()
                                .baseUrlPolicy(baseUrlPolicy)
                                .clock(clock)
                                .build(),
                verifyBeforeSave,
                statusStore != null ? statusStore : new InMemoryConnectionStatusStore(),
                usageFlushInterval,
                oauthProtocol,
                oauthClients,
                oauthRefreshMargin));
    }
}
