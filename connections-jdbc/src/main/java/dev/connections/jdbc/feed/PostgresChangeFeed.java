package dev.connections.jdbc.feed;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.internal.Durations;
import dev.connections.jdbc.JdbcTables;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.support.ChangeSubscribers;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} over PostgreSQL LISTEN/NOTIFY: a write announces its workspace with {@code
 * pg_notify}, and every instance listens on one dedicated connection.
 *
 * <p>The listening connection is held by a daemon thread for the feed's lifetime. It is never taken from the
 * host's pool: by default the feed reads the pool's JDBC URL and user name from one briefly borrowed
 * connection's metadata and opens a connection of its own with the PostgreSQL driver ({@link
 * Builder#listenerPassword} supplies a password the URL does not carry); {@link Builder#listenerUrl} points
 * it elsewhere (the server itself when the pool goes through PgBouncer in transaction mode, which does not
 * carry LISTEN), and {@link Builder#listenerDataSource} hands it a separate DataSource. Its cost is one
 * database backend per instance, on top of the pool. Notices are sent through the pool, each on a
 * connection borrowed for one statement. When the listening connection breaks — restart, failover, {@code
 * pg_terminate_backend} — the thread reconnects with exponential backoff and, once listening again,
 * tells subscribers that everything may have changed, since notices sent while it was away are lost.
 * It does the same after the first LISTEN, which covers writes made while the feed was starting. A
 * periodic validity check catches connections that died without an error. Notices are sent outside the
 * write's transaction, after it committed; if sending fails, the facade logs it and the cache's maximum
 * staleness bounds the damage.
 *
 * <pre>{@code
 * PostgresChangeFeed feed = PostgresChangeFeed.builder(dataSource).tablePrefix("connections_").build();
 * Connections connections = ConnectionsBuilder.newBuilder()...changeFeed(feed).build();
 * }</pre>
 */
public final class PostgresChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(PostgresChangeFeed.class);

    private final ConnectionSource source;
    private final ConnectionSource listenerSource;
    private final String listenerOrigin;
    private final String channel;
    private final String applicationName;
    private final Duration waitPerRead;
    private final Duration validationInterval;
    private final Backoff backoff;
    private final ChangeSubscribers subscribers = new ChangeSubscribers();
    private final Thread listener;
    private final CountDownLatch firstListen = new CountDownLatch(1);

    private volatile boolean running = true;
    private volatile boolean listening;
    private volatile @Nullable Connection listenConnection;
    private volatile long reconnects;

    private PostgresChangeFeed(Builder b) {
        this.source = b.source;
        this.listenerSource = b.listenerSource();
        this.listenerOrigin = b.listenerOrigin();
        this.channel = b.tablePrefix + "changes";
        this.applicationName = b.applicationName;
        this.waitPerRead = b.waitPerRead;
        this.validationInterval = b.validationInterval;
        this.backoff = new Backoff(b.initialBackoff, b.maxBackoff);
        this.listener = new Thread(this::listenLoop, "connections-change-feed-" + channel);
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * A feed whose notices go through {@code dataSource} (one short borrow per notice) and whose listener
     * opens a connection of its own from the same URL and user, never holding one of the pool's.
     */
    public static Builder builder(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return new Builder(dataSource::getConnection, dataSource);
    }

    /**
     * A feed that opens its own connections from a JDBC URL (credentials in the URL or its properties);
     * each notice opens a short-lived connection, so prefer {@link #builder(DataSource)} with a pool.
     */
    public static Builder builder(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("A PostgreSQL change feed needs a jdbc:postgresql: URL");
        }
        return new Builder(() -> DriverManager.getConnection(jdbcUrl), null).listenerUrl(jdbcUrl);
    }

    /** Sends a notice for one app of {@code workspace}: payload "workspace app" (neither id has a space). */
    @Override
    public void publish(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        notify(ChangeSubscribers.notice(workspace, integration));
    }

    private void notify(String payload) {
        try (Connection c = source.open();
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
            if (!c.getAutoCommit()) {
                // A notice is sent when its transaction commits.
                c.commit();
            }
        } catch (SQLException e) {
            throw new StorageException("Could not notify other instances of a change.", e);
        }
    }

    @Override
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /**
     * Where the listening connection comes from: {@code "pool-url"} (opened from the pool's URL),
     * {@code "url"} (from {@link Builder#listenerUrl}) or {@code "data-source"} (a separate DataSource);
     * never the host's pool itself.
     */
    public String listenerOrigin() {
        return listenerOrigin;
    }

    /** Whether the dedicated connection is listening now. */
    public boolean isListening() {
        return listening;
    }

    /** How often the listening connection was re-established after a failure. */
    public long reconnects() {
        return reconnects;
    }

    /** The channel notices go through: the table prefix followed by {@code changes}. */
    public String channel() {
        return channel;
    }

    /**
     * Waits until the feed listens for the first time, so a host can start serving knowing that
     * changes from now on reach it.
     *
     * @return whether it listens within {@code timeout}
     */
    public boolean awaitListening(Duration timeout) throws InterruptedException {
        return firstListen.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && listening;
    }

    /** Stops listening and closes the dedicated connection. */
    @Override
    public void close() {
        running = false;
        try {
            // The listener notices within one read wait, UNLISTENs and closes its connection itself, so a
            // pooled connection goes back to the pool without a subscription.
            listener.join(waitPerRead.toMillis() + TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = listenConnection;
        if (listener.isAlive() && c != null) {
            try {
                // Stuck in a read or a connect: cut the connection to unblock it.
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing the change feed connection failed", e);
            }
            listener.interrupt();
        }
    }

    @Override
    public String toString() {
        return "PostgresChangeFeed[channel=" + channel + ", listening=" + listening + ", listener=" + listenerOrigin
                + "]";
    }

    private void listenLoop() {
        boolean lostBefore = false;
        while (running) {
            Connection c = null;
            try {
                c = listenerSource.open();
                listenConnection = c;
                c.setAutoCommit(true);
                c.setClientInfo("ApplicationName", applicationName);
                try (Statement st = c.createStatement()) {
                    st.execute("LISTEN \"" + channel + "\"");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                listening = true;
                if (lostBefore) {
                    reconnects++;
                    LOG.info("Change feed on channel {} is listening again; dropping every cached entry", channel);
                }
                // Anything committed before this LISTEN was not heard: start from a clean cache.
                subscribers.everythingChanged();
                firstListen.countDown();
                backoff.reset();
                receive(c, pg);
                try (Statement st = c.createStatement()) {
                    st.execute("UNLISTEN *");
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    break;
                }
                lostBefore = true;
                probe(c);
                long delay = backoff.nextDelayMillis();
                LOG.warn(
                        "Change feed on channel {} lost its connection ({}); reconnecting in {} ms",
                        channel,
                        e.getMessage(),
                        delay);
                closeQuietly(c);
                c = null;
                sleep(delay);
            } finally {
                listening = false;
                listenConnection = null;
                closeQuietly(c);
            }
        }
    }

    /**
     * Sends one statement through the pool's wrapper after a failure seen on the unwrapped driver
     * connection, so a pool such as HikariCP learns the connection is broken and evicts it instead of
     * handing it back on the next attempt.
     */
    private static void probe(@Nullable Connection c) {
        if (c == null) {
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SELECT 1");
        } catch (SQLException | RuntimeException expected) {
            // The point was to let the pool see this failure.
        }
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("Closing the change feed connection failed", e);
        }
    }

    private void receive(Connection c, PGConnection pg) throws SQLException {
        long nextValidation = System.nanoTime() + validationInterval.toNanos();
        int waitMillis = (int) Math.max(1, waitPerRead.toMillis());
        while (running) {
            PGNotification[] notices = pg.getNotifications(waitMillis);
            if (notices != null) {
                for (PGNotification n : notices) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() - nextValidation > 0) {
                // A connection cut without a FIN never errors on read; ask the server.
                if (!c.isValid(5)) {
                    throw new SQLException("The listening connection is no longer valid");
                }
                nextValidation = System.nanoTime() + validationInterval.toNanos();
            }
        }
    }

    private void deliver(String payload) {
        subscribers.heard(payload);
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            if (running) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Configures a {@link PostgresChangeFeed}. */
    public static final class Builder {
        private final ConnectionSource source;
        private final @Nullable DataSource pool;
        private @Nullable String listenerUrl;
        private @Nullable String listenerUser;
        private @Nullable String listenerPassword;
        private @Nullable DataSource listenerDataSource;
        private String tablePrefix = "connections_";
        private String applicationName = "connections-change-feed";
        private Duration waitPerRead = Duration.ofMillis(500);
        private Duration validationInterval = Duration.ofSeconds(15);
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(10);

        private Builder(ConnectionSource source, @Nullable DataSource pool) {
            this.source = source;
            this.pool = pool;
        }

        /**
         * The JDBC URL the listener connects to instead of the pool's (e.g. the PostgreSQL server when the
         * pool's URL points at PgBouncer in transaction mode). Never logged: it may carry credentials.
         */
        public Builder listenerUrl(String jdbcUrl) {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("listenerUrl must be a jdbc:postgresql: URL");
            }
            this.listenerUrl = jdbcUrl;
            return this;
        }

        /**
         * The user and password of the listener's own connection when its URL does not carry them; without
         * a user, the pool's user name (from its metadata) is used. Never logged.
         */
        public Builder listenerCredentials(@Nullable String user, @Nullable String password) {
            this.listenerUser = user;
            this.listenerPassword = password;
            return this;
        }

        /** The password of the listener's own connection, with the pool's user name; see {@link #listenerCredentials}. */
        public Builder listenerPassword(@Nullable String password) {
            this.listenerPassword = password;
            return this;
        }

        /**
         * A separate DataSource for the listening connection (e.g. an unpooled {@code PGSimpleDataSource}
         * on the server itself); it should not be the host's pool, which would lose one connection for good.
         */
        public Builder listenerDataSource(DataSource dataSource) {
            this.listenerDataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        String listenerOrigin() {
            if (listenerDataSource != null) {
                return "data-source";
            }
            return listenerUrl != null ? "url" : "pool-url";
        }

        ConnectionSource listenerSource() {
            if (listenerDataSource != null) {
                return listenerDataSource::getConnection;
            }
            return new OwnConnection(pool, listenerUrl, listenerUser, listenerPassword);
        }

        /**
         * The same prefix as the JDBC adapter's tables (default {@code connections_}); the channel is the
         * prefix followed by {@code changes}, so instances with another prefix do not hear each other.
         */
        public Builder tablePrefix(String tablePrefix) {
            // The one prefix rule, JdbcTables's: the channel name is built from it like a table name.
            this.tablePrefix = new JdbcTables(tablePrefix).prefix();
            return this;
        }

        /**
         * The {@code application_name} of the listening connection (default {@code
         * connections-change-feed}), to find it in {@code pg_stat_activity}.
         */
        public Builder applicationName(String applicationName) {
            this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
            return this;
        }

        /** First delay before reconnecting (default 100 ms); it doubles up to {@link #maxBackoff}. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = Durations.positive(initialBackoff, "initialBackoff");
            return this;
        }

        /** Longest delay between reconnect attempts (default 10 s). */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = Durations.positive(maxBackoff, "maxBackoff");
            return this;
        }

        /** How often the listening connection is checked with a round trip (default 15 s). */
        public Builder validationInterval(Duration validationInterval) {
            this.validationInterval = Durations.positive(validationInterval, "validationInterval");
            return this;
        }

        /** Starts the listening thread and returns the feed; it connects in the background. */
        public PostgresChangeFeed build() {
            return new PostgresChangeFeed(this);
        }
    }
}
