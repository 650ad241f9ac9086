package dev.connections.redis;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.internal.Durations;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.support.ChangeSubscribers;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} over Redis pub/sub: a write publishes {@code "workspace app"} (ids only, never a
 * secret) on one channel, and every instance's feed hears it on a subscribed connection and tells its
 * facade.
 *
 * <p>Each feed holds two connections to Redis and none to the database: one subscribed, one to publish.
 * Lettuce reconnects a broken connection by itself, with the client's reconnect delay (exponential by
 * default; set it through the client's {@code ClientResources}) and subscribes again; pub/sub keeps no
 * backlog, so notices sent meanwhile are lost, and the feed then tells its subscribers that everything
 * may have changed. It does the same once first subscribed, which covers writes made while it started.
 * Notices reach subscribers on a thread of the feed's own, in the order Redis delivered them, never on
 * Lettuce's I/O threads. A publish waits at most {@link Builder#publishTimeout} (default 1 s); when it
 * fails, the facade logs it and the cache's maximum staleness bounds the damage.
 *
 * <pre>{@code
 * RedisChangeFeed feed = RedisChangeFeed.builder(redisClient).channel("connections:changes").build();
 * Connections connections = ConnectionsBuilder.newBuilder()...changeFeed(feed).build();
 * }</pre>
 */
public final class RedisChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeed.class);

    private final RedisClient client;
    private final boolean ownsClient;
    private final String channel;
    private final ChangeSubscribers subscribers = new ChangeSubscribers();
    private final ExecutorService delivery;
    private final CountDownLatch firstSubscribe = new CountDownLatch(1);
    private final AtomicLong subscribes = new AtomicLong();
    private final StatefulRedisPubSubConnection<String, String> subscribed;
    private final StatefulRedisConnection<String, String> publishing;
    private final StateListener stateListener = new StateListener();

    private volatile boolean listening;
    private volatile boolean closed;

    private RedisChangeFeed(Builder b) {
        this.ownsClient = b.uri != null;
        this.client = b.uri != null ? RedisClient.create(b.uri) : Objects.requireNonNull(b.client);
        this.channel = b.channel;
        this.delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "connections-redis-change-feed");
            t.setDaemon(true);
            return t;
        });
        StatefulRedisPubSubConnection<String, String> sub = null;
        StatefulRedisConnection<String, String> pub = null;
        try {
            client.addListener(stateListener);
            sub = client.connectPubSub();
            sub.addListener(new Notices());
            pub = client.connect();
            pub.setTimeout(b.publishTimeout);
            if (b.clientName != null) {
                // Re-sent by Lettuce on every reconnect; lets operators find the feed in CLIENT LIST.
                sub.sync().clientSetname(b.clientName);
                pub.sync().clientSetname(b.clientName);
            }
            this.subscribed = sub;
            this.publishing = pub;
            sub.sync().subscribe(channel);
        } catch (RedisException e) {
            closeQuietly(sub, pub);
            client.removeListener(stateListener);
            delivery.shutdownNow();
            if (ownsClient) {
                client.shutdown();
            }
            // Lettuce's message names the host and port only; the URI (which may hold a password) is not repeated.
            throw new StorageException("The Redis change feed could not connect to Redis.", e);
        }
    }

    /** A feed on the host's Lettuce client; the client stays the host's and is not shut down on close. */
    public static Builder builder(RedisClient client) {
        return new Builder(Objects.requireNonNull(client, "client"), null);
    }

    /**
     * A feed on a client of its own for {@code redisUri} (e.g. {@code redis://host:6379}, {@code
     * rediss://:password@host:6380}), shut down when the feed closes. The URI is never logged.
     */
    public static Builder builder(String redisUri) {
        Objects.requireNonNull(redisUri, "redisUri");
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUri);
        } catch (IllegalArgumentException e) {
            // Not chained: the parser's message may quote the URI, password included.
            throw new IllegalArgumentException("redisUri is not a Redis URI (redis://host:port or rediss://…)");
        }
        return new Builder(null, uri);
    }

    /** Publishes {@code "workspace app"} on the channel; neither id has a space. */
    @Override
    public void publish(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        if (closed) {
            return;
        }
        try {
            publishing.sync().publish(channel, ChangeSubscribers.notice(workspace, integration));
        } catch (RedisException e) {
            throw new StorageException("Could not publish a change notice to Redis.", e);
        }
    }

    @Override
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** Whether the subscribed connection is up and subscribed now. */
    public boolean isSubscribed() {
        return listening;
    }

    /** How often the feed subscribed again after losing its connection. */
    public long reconnects() {
        return Math.max(0, subscribes.get() - 1);
    }

    /** The pub/sub channel notices go through. */
    public String channel() {
        return channel;
    }

    /**
     * Waits until the feed is subscribed for the first time, so a host can start serving knowing that
     * changes from now on reach it.
     *
     * @return whether it is subscribed within {@code timeout}
     */
    public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        return firstSubscribe.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && listening;
    }

    /** Stops delivery, closes both connections, and shuts the client down when the feed created it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listening = false;
        client.removeListener(stateListener);
        closeQuietly(subscribed, publishing);
        delivery.shutdownNow();
        if (ownsClient) {
            client.shutdown();
        }
        subscribers.clear();
    }

    @Override
    public String toString() {
        return "RedisChangeFeed[channel=" + channel + ", subscribed=" + listening + "]";
    }

    private static void closeQuietly(@Nullable AutoCloseable... connections) {
        for (AutoCloseable c : connections) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("Closing a Redis change feed connection failed", e);
            }
        }
    }

    private void deliverLater(Runnable notice) {
        if (closed) {
            return;
        }
        try {
            delivery.execute(() -> {
                if (!closed) {
                    notice.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: nothing more is delivered.
        }
    }

    private void heard(String payload) {
        deliverLater(() -> subscribers.heard(payload));
    }

    /** Messages and (re)subscriptions on the subscribed connection, on Lettuce's I/O thread. */
    private final class Notices extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String from, String payload) {
            if (channel.equals(from)) {
                heard(payload);
            }
        }

        @Override
        public void subscribed(String to, long count) {
            if (!channel.equals(to)) {
                return;
            }
            listening = true;
            if (subscribes.incrementAndGet() > 1) {
                LOG.info("Redis change feed on channel {} is subscribed again; dropping every cached entry", channel);
            }
            // Pub/sub keeps no backlog: whatever was published before this subscription was not heard.
            deliverLater(subscribers::everythingChanged);
            firstSubscribe.countDown();
        }
    }

    /** Notices the subscribed connection going down; Lettuce reconnects it by itself. */
    private final class StateListener implements RedisConnectionStateListener {
        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (connection == subscribed && !closed) {
                listening = false;
                LOG.warn("Redis change feed on channel {} lost its connection; Lettuce reconnects it", channel);
            }
        }
    }

    /** Configures a {@link RedisChangeFeed}. */
    public static final class Builder {
        private final @Nullable RedisClient client;
        private final @Nullable RedisURI uri;
        private String channel = "connections:changes";
        private @Nullable String clientName = "connections-change-feed";
        private Duration publishTimeout = Duration.ofSeconds(1);

        private Builder(@Nullable RedisClient client, @Nullable RedisURI uri) {
            this.client = client;
            this.uri = uri;
        }

        /**
         * The pub/sub channel (default {@code connections:changes}); deployments sharing one Redis but not
         * one database give each a channel of its own, so they do not hear each other.
         */
        public Builder channel(String channel) {
            Objects.requireNonNull(channel, "channel");
            if (channel.isBlank() || channel.length() > 200) {
                throw new IllegalArgumentException("channel must be 1 to 200 characters, not blank");
            }
            this.channel = channel;
            return this;
        }

        /**
         * The name both connections give themselves ({@code CLIENT SETNAME}, default {@code
         * connections-change-feed}), to find them in {@code CLIENT LIST}; null sets none.
         */
        public Builder clientName(@Nullable String clientName) {
            if (clientName != null
                    && (clientName.isEmpty() || clientName.chars().anyMatch(c -> c <= ' '))) {
                throw new IllegalArgumentException("clientName must be non-empty without spaces");
            }
            this.clientName = clientName;
            return this;
        }

        /** Longest a publish waits for Redis (default 1 s) before the facade logs it as not sent. */
        public Builder publishTimeout(Duration publishTimeout) {
            this.publishTimeout = Durations.positive(publishTimeout, "publishTimeout");
            return this;
        }

        /**
         * Connects both connections and subscribes; fails with a {@link StorageException} when Redis cannot
         * be reached now (later losses are reconnected by Lettuce).
         */
        public RedisChangeFeed build() {
            return new RedisChangeFeed(this);
        }
    }
}
