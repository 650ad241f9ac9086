package dev.connections.spring.boot;

import dev.connections.verify.VerifyBeforeSave;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code connections.*} properties the starter reads; IDEs complete them from the generated metadata. */
@ConfigurationProperties("connections")
public class ConnectionsProperties {

    /** Where the encryption keys come from. */
    private final Keys keys = new Keys();

    /** The JDBC adapter, used when the application has a DataSource. */
    private final Jdbc jdbc = new Jdbc();

    /** The resolution cache of resolveDefault (the trigger path). */
    private final Cache cache = new Cache();

    /**
     * How other instances learn of changes: auto (LISTEN/NOTIFY on PostgreSQL, polling the change log on
     * other databases, none without a DataSource), postgres, polling, redis (pub/sub; needs connections-redis
     * on the classpath and a Lettuce RedisClient bean or connections.redis.url), nats (needs connections-nats and
     * a NATS Connection bean or connections.nats.url) or none.
     */
    private ChangeFeedMode changeFeed = ChangeFeedMode.AUTO;

    /**
     * Whether a new key (added connection, replaced key) is checked against the live API before it is stored:
     * off, save-when-unreachable (a rejected key is refused) or refuse-when-unreachable (only accepted keys).
     */
    private VerifyBeforeSave verifyBeforeSave = VerifyBeforeSave.OFF;

    /** The PostgreSQL change feed's listener, when connections.change-feed is postgres (or auto on PostgreSQL). */
    private final Postgres postgres = new Postgres();

    /** The Redis change feed, when connections.change-feed is redis. */
    private final Redis redis = new Redis();

    /** The NATS change feed, when connections.change-feed is nats. */
    private final Nats nats = new Nats();

    /** OAuth 2.0 connections: the host's client registrations per app; needs connections-oauth2. */
    private final OAuth oauth = new OAuth();

    public OAuth getOauth() {
        return oauth;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public Redis getRedis() {
        return redis;
    }

    public Nats getNats() {
        return nats;
    }

    public Keys getKeys() {
        return keys;
    }

    public Jdbc getJdbc() {
        return jdbc;
    }

    public Cache getCache() {
        return cache;
    }

    public ChangeFeedMode getChangeFeed() {
        return changeFeed;
    }

    public void setChangeFeed(ChangeFeedMode changeFeed) {
        this.changeFeed = changeFeed;
    }

    public VerifyBeforeSave getVerifyBeforeSave() {
        return verifyBeforeSave;
    }

    public void setVerifyBeforeSave(VerifyBeforeSave verifyBeforeSave) {
        this.verifyBeforeSave = verifyBeforeSave;
    }

    /** When the starter applies the connections schema itself, as {@code spring.session.jdbc.initialize-schema}. */
    public enum InitializeSchema {
        /** Only on an embedded database in Spring Boot's sense: in-memory H2, HSQLDB or Derby (not a file-based H2). */
        EMBEDDED,
        /** On every database; safe beside Flyway, see docs/JDBC.md. */
        ALWAYS,
        /** Never: Flyway or a DBA applies the scripts. */
        NEVER,
        /**
         * By Flyway (on the classpath), with a history table of its own ({@code <prefix>flyway_history}) and a
         * baseline at the version present, beside the host's own Flyway migrations.
         */
        FLYWAY
    }

    /** Which change feed the starter sets up. */
    public enum ChangeFeedMode {
        /** LISTEN/NOTIFY on PostgreSQL, polling on other databases, none without a DataSource. */
        AUTO,
        /** PostgreSQL LISTEN/NOTIFY (fails at startup on other databases). */
        POSTGRES,
        /** Polling the change log table. */
        POLLING,
        /** Redis pub/sub through connections-redis (a Lettuce RedisClient bean or connections.redis.url). */
        REDIS,
        /** NATS core publish/subscribe through connections-nats (a NATS Connection bean or connections.nats.url). */
        NATS,
        /** No feed: a single instance, or the cache's max staleness is enough. */
        NONE
    }

    /** {@code connections.keys.*}. */
    public static class Keys {
        /**
         * The key ring in the text form {@code primary=k2;k2:<base64 32-byte key>;k1:<base64 32-byte key>}. When
         * unset, the environment variable CONNECTIONS_KEYS is read instead; never commit either.
         */
        private @Nullable String text;

        /** A UTF-8 file holding the key ring in the text form (e.g. a mounted secret), re-read on encryptionKeys().reload(). */
        private @Nullable String file;

        /**
         * Development only: keys from a key file created with a generated key on first use, stored unprotected
         * next to the data. Never in production.
         */
        private boolean development;

        /** The development key file, when development is true. */
        private String developmentFile = "connections-development-keys.txt";

        public @Nullable String getText() {
            return text;
        }

        public void setText(@Nullable String text) {
            this.text = text;
        }

        public @Nullable String getFile() {
            return file;
        }

        public void setFile(@Nullable String file) {
            this.file = file;
        }

        public boolean isDevelopment() {
            return development;
        }

        public void setDevelopment(boolean development) {
            this.development = development;
        }

        public String getDevelopmentFile() {
            return developmentFile;
        }

        public void setDevelopmentFile(String developmentFile) {
            this.developmentFile = developmentFile;
        }

        /** Never the key text: only whether it is set. */
        @Override
        public String toString() {
            return "Keys[text=" + (text == null ? "unset" : "set") + ", file=" + file + ", development=" + development
                    + "]";
        }
    }

    /** {@code connections.postgres.*}: where the LISTEN connection goes; it never comes from the pool. */
    public static class Postgres {
        /**
         * JDBC URL of the listener's own connection; by default the DataSource's URL. Set it to the server
         * itself when the DataSource goes through PgBouncer in transaction mode, which does not carry LISTEN.
         */
        private @Nullable String listenerUrl;

        /** User of the listener's connection; by default spring.datasource.username, else the pool's user. */
        private @Nullable String listenerUsername;

        /** Password of the listener's connection; by default spring.datasource.password. Never logged. */
        private @Nullable String listenerPassword;

        public @Nullable String getListenerUrl() {
            return listenerUrl;
        }

        public void setListenerUrl(@Nullable String listenerUrl) {
            this.listenerUrl = listenerUrl;
        }

        public @Nullable String getListenerUsername() {
            return listenerUsername;
        }

        public void setListenerUsername(@Nullable String listenerUsername) {
            this.listenerUsername = listenerUsername;
        }

        public @Nullable String getListenerPassword() {
            return listenerPassword;
        }

        public void setListenerPassword(@Nullable String listenerPassword) {
            this.listenerPassword = listenerPassword;
        }

        /** Never the URL or the password: either may hold a secret. */
        @Override
        public String toString() {
            return "Postgres[listenerUrl=" + (listenerUrl == null ? "unset" : "set") + ", listenerPassword="
                    + (listenerPassword == null ? "unset" : "set") + "]";
        }
    }

    /** {@code connections.redis.*}. */
    public static class Redis {
        /**
         * Redis URI for the feed's own Lettuce client (e.g. redis://host:6379), used when the application has
         * no RedisClient bean. May hold a password: bind it from a secret.
         */
        private @Nullable String url;

        /** The pub/sub channel; deployments sharing a Redis but not a database each need their own. */
        private String channel = "connections:changes";

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public String getChannel() {
            return channel;
        }

        public void setChannel(String channel) {
            this.channel = channel;
        }

        /** Never the URL: it may hold a password. */
        @Override
        public String toString() {
            return "Redis[url=" + (url == null ? "unset" : "set") + ", channel=" + channel + "]";
        }
    }

    /** {@code connections.nats.*}. */
    public static class Nats {
        /**
         * NATS URL for the feed's own connection (e.g. nats://host:4222), used when the application has no
         * io.nats.client.Connection bean. May hold credentials: bind it from a secret.
         */
        private @Nullable String url;

        /** The subject; deployments sharing a NATS server but not a database each need their own. */
        private String subject = "connections.changes";

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
            this.url = url;
        }

        public String getSubject() {
            return subject;
        }

        public void setSubject(String subject) {
            this.subject = subject;
        }

        /** Never the URL: it may hold credentials. */
        @Override
        public String toString() {
            return "Nats[url=" + (url == null ? "unset" : "set") + ", subject=" + subject + "]";
        }
    }

    /** {@code connections.oauth.*}. */
    public static class OAuth {
        /**
         * The host's OAuth client per app id (connections.oauth.clients.slack.client-id=...); an app can be
         * connected by OAuth only with a registration here or in an OAuthClients bean.
         */
        private final java.util.Map<String, Client> clients = new java.util.LinkedHashMap<>();

        /** How long before its expiry an access token is refreshed on the trigger path. */
        private Duration refreshMargin = Duration.ofMinutes(5);

        /** How long connecting to a token or revocation endpoint may take. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** How long a token or revocation endpoint may take to answer. */
        private Duration readTimeout = Duration.ofSeconds(10);

        public java.util.Map<String, Client> getClients() {
            return clients;
        }

        public Duration getRefreshMargin() {
            return refreshMargin;
        }

        public void setRefreshMargin(Duration refreshMargin) {
            this.refreshMargin = refreshMargin;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        /** Never a client secret. */
        @Override
        public String toString() {
            return "OAuth[clients=" + clients.keySet() + ", refreshMargin=" + refreshMargin + "]";
        }
    }

    /** One app's OAuth client registration. */
    public static class Client {
        /** The client id the provider issued to the host. */
        private @Nullable String clientId;

        /** The client secret; leave unset for a public client (PKCE only). */
        private @Nullable String clientSecret;

        public @Nullable String getClientId() {
            return clientId;
        }

        public void setClientId(@Nullable String clientId) {
            this.clientId = clientId;
        }

        public @Nullable String getClientSecret() {
            return clientSecret;
        }

        public void setClientSecret(@Nullable String clientSecret) {
            this.clientSecret = clientSecret;
        }

        /** Never the secret. */
        @Override
        public String toString() {
            return "Client[clientId=" + clientId + ", clientSecret=" + (clientSecret == null ? "unset" : "****") + "]";
        }
    }

    /** {@code connections.jdbc.*}. */
    public static class Jdbc {
        /** Prepended to every table and index name; letters, digits and underscores, up to 30 characters. */
        private String tablePrefix = "connections_";

        /** When the starter creates or upgrades the tables itself: embedded, always or never. */
        private InitializeSchema initializeSchema = InitializeSchema.EMBEDDED;

        /** The longest one round trip to the database may take (the driver's network timeout); 0 waits for ever. */
        private Duration statementTimeout = Duration.ofSeconds(5);

        /** The longest a write waits for its app's lock, ended by the database; 0 keeps the server's setting. */
        private Duration lockTimeout = Duration.ofSeconds(2);

        /** The longest resolveDefault waits for a suspect database before serving its last good entry; 0 off. */
        private Duration triggerTimeout = Duration.ofMillis(200);

        /** The longest one operation retries transient failures before reporting them; 0 turns retries off. */
        private Duration maxRetryTime = Duration.ofSeconds(10);

        public Duration getStatementTimeout() {
            return statementTimeout;
        }

        public void setStatementTimeout(Duration statementTimeout) {
            this.statementTimeout = statementTimeout;
        }

        public Duration getLockTimeout() {
            return lockTimeout;
        }

        public void setLockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        public Duration getTriggerTimeout() {
            return triggerTimeout;
        }

        public void setTriggerTimeout(Duration triggerTimeout) {
            this.triggerTimeout = triggerTimeout;
        }

        public Duration getMaxRetryTime() {
            return maxRetryTime;
        }

        public void setMaxRetryTime(Duration maxRetryTime) {
            this.maxRetryTime = maxRetryTime;
        }

        public String getTablePrefix() {
            return tablePrefix;
        }

        public void setTablePrefix(String tablePrefix) {
            this.tablePrefix = tablePrefix;
        }

        public InitializeSchema getInitializeSchema() {
            return initializeSchema;
        }

        public void setInitializeSchema(InitializeSchema initializeSchema) {
            this.initializeSchema = initializeSchema;
        }
    }

    /** {@code connections.cache.*}. */
    public static class Cache {
        /** Most entries the resolution cache holds; 0 disables caching. */
        private long maximumSize = 100_000;

        /** Longest a cached resolution is served without re-reading storage. */
        private Duration maxStaleness = Duration.ofSeconds(30);

        /** How long "no connection" is remembered. */
        private Duration negativeTtl = Duration.ofSeconds(1);

        /** How long past max-staleness the last good entry is served while storage fails; 0 disables. */
        private Duration staleIfError = Duration.ofMinutes(5);

        public long getMaximumSize() {
            return maximumSize;
        }

        public void setMaximumSize(long maximumSize) {
            this.maximumSize = maximumSize;
        }

        public Duration getMaxStaleness() {
            return maxStaleness;
        }

        public void setMaxStaleness(Duration maxStaleness) {
            this.maxStaleness = maxStaleness;
        }

        public Duration getNegativeTtl() {
            return negativeTtl;
        }

        public void setNegativeTtl(Duration negativeTtl) {
            this.negativeTtl = negativeTtl;
        }

        public Duration getStaleIfError() {
            return staleIfError;
        }

        public void setStaleIfError(Duration staleIfError) {
            this.staleIfError = staleIfError;
        }
    }
}
