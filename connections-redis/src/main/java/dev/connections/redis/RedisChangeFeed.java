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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>A silent cut (a blackhole, or Redis gone without its FIN reaching this side) gives Lettuce nothing to
 * react to on a subscribed connection, which sends nothing by itself. The feed therefore sends {@code PING}
 * on it every {@link Builder#heartbeatInterval} (default 10 s) from a thread of its own; when no answer comes
 * within {@link Builder#heartbeatTimeout} (default: the interval) it closes that connection and opens and
 * subscribes a new one, on other threads of its own. A connect into a network that stays silent hangs until
 * the client's timeout (the {@code RedisURI}'s, 60 s by default), so a new attempt starts beside it every
 * interval or every eighth of that timeout, whichever is longer, until one subscribes. The new subscription
 * again tells subscribers that everything may have changed. {@link #missedHeartbeats()} counts those cuts,
 * {@link #reconnects()} the subscriptions that followed.
 *
 * <pre>{@code
 * RedisChangeFeed feed = RedisChangeFeed.builder(redisClient).channel("connections:changes").build();
 * Connections connections = ConnectionsBuilder.newBuilder()...changeFeed(feed).build();
 * }</pre>
 */
public final class RedisChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(RedisChangeFeed.class);
    private static final int MAX_CONNECTING = 8;

    private final RedisClient client;
    private final boolean ownsClient;
    private final String channel;
    private final ChangeSubscribers subscribers = new ChangeSubscribers();
    private final ExecutorService delivery;
    private final CountDownLatch firstSubscribe = new CountDownLatch(1);
    private final AtomicLong subscribes = new AtomicLong();
    private final StatefulRedisConnection<String, String> publishing;
    private final StateListener stateListener = new StateListener();
    private final @Nullable String clientName;
    private final Duration heartbeatTimeout;
    private final @Nullable ScheduledExecutorService heartbeat;
    private final @Nullable ThreadPoolExecutor connector;
    private final AtomicLong missedHeartbeats = new AtomicLong();
    private final Object lock = new Object();

    /** The subscribed connection; null between a missed heartbeat and the replacement's connecting. */
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> subscribed;
    /** When the newest replacement attempt started (System.nanoTime), or 0 when none runs. */
    private volatile long attemptStartedAt;
    /** How long a replacement attempt may hang before another starts beside it. */
    private final long attemptSpacingNanos;

    private volatile boolean listening;
    private volatile boolean closed;

    private RedisChangeFeed(Builder b) {
        this.ownsClient = b.uri != null;
        this.client = b.uri != null ? RedisClient.create(b.uri) : Objects.requireNonNull(b.client);
        this.channel = b.channel;
        this.clientName = b.clientName;
        this.heartbeatTimeout = b.heartbeatTimeout != null ? b.heartbeatTimeout : b.heartbeatInterval;
        this.delivery = Executors.newSingleThreadExecutor(daemon("connections-redis-change-feed"));
        StatefulRedisPubSubConnection<String, String> sub = null;
        StatefulRedisConnection<String, String> pub = null;
        try {
            client.addListener(stateListener);
            sub = client.connectPubSub();
            sub.addListener(new Notices(sub));
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
            subscribed = null;
            closeQuietly(sub, pub);
            client.removeListener(stateListener);
            delivery.shutdownNow();
            if (ownsClient) {
                client.shutdown();
            }
            // Lettuce's message names the host and port only; the URI (which may hold a password) is not repeated.
            throw new StorageException("The Redis change feed could not connect to Redis.", e);
        }
        // A connect hangs at most the client's timeout (the URI's, which a new connection starts with): spacing
        // attempts by an eighth of it keeps a connector free however long the network stays silent.
        this.attemptSpacingNanos = Math.max(
                heartbeatTimeout.toNanos(),
                Objects.requireNonNull(subscribed).getTimeout().toNanos() / MAX_CONNECTING);
        if (b.heartbeatInterval.isZero()) {
            this.heartbeat = null;
            this.connector = null;
        } else {
            long every = b.heartbeatInterval.toNanos();
            this.heartbeat = new ScheduledThreadPoolExecutor(1, daemon("connections-redis-change-feed-heartbeat"));
            // Connecting runs apart from the heartbeat: a connect into a silent network hangs in its handshake
            // until the network heals or the URI's timeout (60 s by default) passes, and interrupting it would
            // orphan the connection it may still make, so a stuck attempt is left to end and a new one starts
            // beside it. At most MAX_CONNECTING at once; the first to subscribe wins, the others close themselves.
            this.connector = new ThreadPoolExecutor(
                    0,
                    MAX_CONNECTING,
                    30,
                    TimeUnit.SECONDS,
                    new SynchronousQueue<>(),
                    daemon("connections-redis-change-feed-connect"));
            heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.NANOSECONDS);
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
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

    /**
     * How often a {@code PING} on the subscribed connection went unanswered within the heartbeat timeout, each
     * time closing that connection and subscribing on a new one (also counted by {@link #reconnects()} once
     * subscribed).
     */
    public long missedHeartbeats() {
        return missedHeartbeats.get();
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
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        if (connector != null) {
            // Not interrupted: a connect stuck in its handshake ends by itself (healed, timed out, or the client
            // shut down) and closes what it made, as closed is set.
            connector.shutdown();
        }
        StatefulRedisPubSubConnection<String, String> sub;
        synchronized (lock) {
            sub = subscribed;
            subscribed = null;
        }
        closeQuietly(sub, publishing);
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

    /** One heartbeat, on the heartbeat thread: a PING on the subscribed connection, or a replacement for it. */
    private void beat() {
        if (closed) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> sub = subscribed;
            if (sub == null) {
                replace();
            } else if (listening) {
                // While Lettuce knows the connection is down it reconnects by itself; no PING then.
                ping(sub);
            }
        } catch (RuntimeException e) {
            // A failed beat must not end the schedule (scheduleWithFixedDelay stops at the first exception).
            LOG.warn("Redis change feed heartbeat on channel {} failed", channel, e);
        }
    }

    private void ping(StatefulRedisPubSubConnection<String, String> sub) {
        try {
            sub.async().ping().get(heartbeatTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (TimeoutException | ExecutionException | RedisException e) {
            if (closed || sub != subscribed || !listening) {
                return; // closed, replaced or already known lost meanwhile: not a silent cut
            }
        }
        missedHeartbeats.incrementAndGet();
        LOG.warn(
                "Redis change feed on channel {}: no answer to PING within {} ms; connecting and subscribing again",
                channel,
                heartbeatTimeout.toMillis());
        synchronized (lock) {
            if (subscribed != sub) {
                return;
            }
            subscribed = null;
            listening = false;
        }
        // Closing is local (the channel is closed on this side); nothing waits for the silent network.
        sub.closeAsync();
        replace();
    }

    /** Starts a new subscribed connection unless one is already connecting and not yet overdue. */
    private void replace() {
        ThreadPoolExecutor c = connector;
        if (c == null || closed) {
            return;
        }
        long started = attemptStartedAt;
        if (started != 0 && System.nanoTime() - started < attemptSpacingNanos) {
            return;
        }
        try {
            c.execute(this::connectAndSubscribe);
            attemptStartedAt = System.nanoTime();
        } catch (RejectedExecutionException e) {
            // Every connector busy with a stuck connect (or closed): the next beat tries again.
        }
    }

    /** On a connector thread: opens a connection, adopts it unless another won, subscribes. */
    private void connectAndSubscribe() {
        StatefulRedisPubSubConnection<String, String> sub;
        try {
            sub = client.connectPubSub();
        } catch (RuntimeException e) {
            LOG.debug("Redis change feed on channel {} could not connect yet", channel, e);
            attemptStartedAt = 0;
            return;
        }
        synchronized (lock) {
            if (closed || subscribed != null) {
                sub.closeAsync();
                return;
            }
            sub.addListener(new Notices(sub));
            subscribed = sub;
        }
        attemptStartedAt = 0;
        try {
            long wait = Math.max(heartbeatTimeout.toNanos(), TimeUnit.SECONDS.toNanos(1));
            if (clientName != null) {
                sub.async().clientSetname(clientName).get(wait, TimeUnit.NANOSECONDS);
            }
            sub.async().subscribe(channel).get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException | TimeoutException | ExecutionException | RedisException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.debug("Redis change feed on channel {} could not subscribe yet", channel, e);
            synchronized (lock) {
                if (subscribed == sub) {
                    subscribed = null;
                    listening = false;
                }
            }
            sub.closeAsync();
        }
    }

    /** Messages and (re)subscriptions on the subscribed connection, on Lettuce's I/O thread. */
    private final class Notices extends RedisPubSubAdapter<String, String> {
        private final StatefulRedisPubSubConnection<String, String> on;

        Notices(StatefulRedisPubSubConnection<String, String> on) {
            this.on = on;
        }

        @Override
        public void message(String from, String payload) {
            if (channel.equals(from) && on == subscribed) {
                heard(payload);
            }
        }

        @Override
        public void subscribed(String to, long count) {
            if (!channel.equals(to) || on != subscribed || closed) {
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
        private Duration heartbeatInterval = Duration.ofSeconds(10);
        private @Nullable Duration heartbeatTimeout;

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
         * How often the feed sends {@code PING} on its subscribed connection (default 10 s), so a silent cut
         * (blackhole, half-open connection) is noticed within about interval + timeout instead of when TCP
         * gives up; replacement connections are then tried this far apart (or an eighth of the client's
         * timeout, if longer). {@link Duration#ZERO} sends none: a silent cut then lasts until the network
         * heals or TCP gives up, bounded for the cache only by its maximum staleness.
         */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
            this.heartbeatInterval = heartbeatInterval.isZero()
                    ? Duration.ZERO
                    : Durations.positive(heartbeatInterval, "heartbeatInterval");
            return this;
        }

        /**
         * Longest a heartbeat {@code PING} waits for its answer (default: the heartbeat interval) before the feed
         * replaces the subscribed connection. Set it above the round trip a loaded Redis can take: each miss costs
         * every instance's cache one "everything changed".
         */
        public Builder heartbeatTimeout(Duration heartbeatTimeout) {
            this.heartbeatTimeout = Durations.positive(heartbeatTimeout, "heartbeatTimeout");
            return this;
        }

        /**
         * Connects both connections and subscribes; fails with a {@link StorageException} when Redis cannot
         * be reached now (later losses are reconnected by Lettuce, or by the feed after a missed heartbeat).
         */
        public RedisChangeFeed build() {
            return new RedisChangeFeed(this);
        }
    }
}
