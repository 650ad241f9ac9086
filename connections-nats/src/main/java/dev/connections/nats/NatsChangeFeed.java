package dev.connections.nats;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.support.ChangeSubscribers;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} over NATS core pub/sub: a write publishes {@code "workspace app"} (ids only, never a
 * secret) on one subject, and every instance's feed hears it through a dispatcher of its own and tells its
 * facade.
 *
 * <p>jnats reconnects a broken connection by itself (the connection's {@code reconnectWait}, 2 s unless the
 * host set another) and subscribes again; core NATS keeps no backlog, so notices sent meanwhile are lost, and
 * once resubscribed the feed tells its subscribers that everything may have changed. It does the same when
 * first subscribed. A silent cut (a blackhole, a half-open connection) is noticed after two unanswered pings
 * ({@link Builder#pingInterval}, 10 s on the feed's own connection). Notices reach subscribers on the dispatcher's thread, never on the connection's reader.
 * Publishing only buffers the message (jnats flushes it), so a write never waits for NATS.
 *
 * <pre>{@code
 * NatsChangeFeed feed = NatsChangeFeed.builder(natsConnection).subject("connections.changes").build();
 * Connections connections = ConnectionsBuilder.newBuilder()...changeFeed(feed).build();
 * }</pre>
 */
public final class NatsChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(NatsChangeFeed.class);

    private final Connection connection;
    private final boolean ownsConnection;
    private final String subject;
    private final ChangeSubscribers subscribers = new ChangeSubscribers();
    private final AtomicLong reconnects = new AtomicLong();
    private final ConnectionListener events = this::connectionEvent;
    private final Dispatcher dispatcher;

    private volatile boolean listening;
    private volatile boolean closed;

    private NatsChangeFeed(Connection connection, boolean ownsConnection, String subject) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
        this.subject = subject;
        connection.addConnectionListener(events);
        this.dispatcher = connection.createDispatcher(this::heard);
        dispatcher.subscribe(subject);
        try {
            // The SUB has reached the server once a round trip completes: changes from now on are heard.
            connection.flush(Duration.ofSeconds(5));
        } catch (TimeoutException e) {
            release();
            throw new StorageException("The NATS change feed could not subscribe within 5 s.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            release();
            throw new StorageException("Interrupted while the NATS change feed subscribed.", e);
        }
        listening = true;
        // Whatever was published before the subscription was not heard.
        subscribers.everythingChanged();
    }

    /** A feed on the host's NATS connection; the connection stays the host's and is not closed on close. */
    public static Builder builder(Connection connection) {
        return new Builder(Objects.requireNonNull(connection, "connection"), null);
    }

    /**
     * A feed on a connection of its own to {@code natsUrl} (e.g. {@code nats://host:4222}), reconnecting
     * forever, closed when the feed closes. The URL is never logged.
     */
    public static Builder builder(String natsUrl) {
        Objects.requireNonNull(natsUrl, "natsUrl");
        if (!natsUrl.startsWith("nats://") && !natsUrl.startsWith("tls://")) {
            throw new IllegalArgumentException("natsUrl must be a nats:// or tls:// URL");
        }
        return new Builder(null, natsUrl);
    }

    /** Publishes {@code "workspace app"} on the subject; neither id has a space. */
    @Override
    public void publish(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
        if (closed) {
            return;
        }
        try {
            connection.publish(
                    subject, ChangeSubscribers.notice(workspace, integration).getBytes(StandardCharsets.UTF_8));
        } catch (IllegalStateException e) {
            throw new StorageException("Could not publish a change notice to NATS.", e);
        }
    }

    @Override
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
    }

    /** Whether the feed is connected and subscribed now. */
    public boolean isSubscribed() {
        return listening;
    }

    /** How often the feed subscribed again after losing its connection. */
    public long reconnects() {
        return reconnects.get();
    }

    /** The subject notices go through. */
    public String subject() {
        return subject;
    }

    /** Stops delivery, drops the subscription, and closes the connection when the feed opened it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        listening = false;
        release();
        subscribers.clear();
    }

    private void release() {
        connection.removeConnectionListener(events);
        try {
            connection.closeDispatcher(dispatcher);
        } catch (IllegalStateException e) {
            LOG.debug("Closing the NATS change feed's dispatcher failed", e);
        }
        if (ownsConnection) {
            try {
                connection.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "NatsChangeFeed[subject=" + subject + ", subscribed=" + listening + "]";
    }

    private void connectionEvent(Connection from, ConnectionListener.Events event) {
        if (closed) {
            return;
        }
        switch (event) {
            case DISCONNECTED -> {
                listening = false;
                LOG.warn("NATS change feed on subject {} lost its connection; jnats reconnects it", subject);
            }
            case RESUBSCRIBED -> {
                listening = true;
                reconnects.incrementAndGet();
                LOG.info("NATS change feed on subject {} is subscribed again; dropping every cached entry", subject);
                subscribers.everythingChanged();
            }
            default -> {
                // CONNECTED, RECONNECTED (subscriptions not yet re-sent), CLOSED, discovery: nothing to do.
            }
        }
    }

    private void heard(Message message) {
        if (closed) {
            return;
        }
        subscribers.heard(new String(message.getData(), StandardCharsets.UTF_8));
    }

    /** Configures a {@link NatsChangeFeed}. */
    public static final class Builder {
        private final @Nullable Connection connection;
        private final @Nullable String url;
        private String subject = "connections.changes";
        private String connectionName = "connections-change-feed";
        private Duration reconnectWait = Duration.ofMillis(500);
        private Duration pingInterval = Duration.ofSeconds(10);

        private Builder(@Nullable Connection connection, @Nullable String url) {
            this.connection = connection;
            this.url = url;
        }

        /** The subject (default {@code connections.changes}); no spaces or wildcards. */
        public Builder subject(String subject) {
            Objects.requireNonNull(subject, "subject");
            if (subject.isEmpty()
                    || subject.length() > 200
                    || subject.chars().anyMatch(c -> c <= ' ' || c == '*' || c == '>')) {
                throw new IllegalArgumentException("subject must be 1 to 200 characters without spaces or wildcards");
            }
            this.subject = subject;
            return this;
        }

        /** The name of the feed's own connection (URL builder only), as the server's monitoring shows it. */
        public Builder connectionName(String connectionName) {
            this.connectionName = Objects.requireNonNull(connectionName, "connectionName");
            return this;
        }

        /** Wait between reconnect attempts of the feed's own connection (URL builder only; default 500 ms). */
        public Builder reconnectWait(Duration reconnectWait) {
            this.reconnectWait = dev.connections.internal.Durations.positive(reconnectWait, "reconnectWait");
            return this;
        }

        /**
         * How often the feed's own connection pings the server (URL builder only; default 10 s). After two
         * unanswered pings jnats counts the connection broken and reconnects, so this bounds how long a silent
         * network cut (a blackhole, a half-open connection) goes unnoticed: 3 to 4 times this.
         */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = dev.connections.internal.Durations.positive(pingInterval, "pingInterval");
            return this;
        }

        /** Connects (URL builder) and subscribes; fails with a {@link StorageException} when NATS is unreachable. */
        public NatsChangeFeed build() {
            if (connection != null) {
                return new NatsChangeFeed(connection, false, subject);
            }
            Options options = new Options.Builder()
                    .server(Objects.requireNonNull(url))
                    .connectionName(connectionName)
                    .maxReconnects(-1)
                    .reconnectWait(reconnectWait)
                    .pingInterval(pingInterval)
                    .build();
            Connection own;
            try {
                own = Nats.connect(options);
            } catch (IOException e) {
                // Not chained: jnats's message quotes the server URL, user and password included.
                throw new StorageException("The NATS change feed could not connect to NATS ("
                        + e.getClass().getSimpleName() + ").");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageException("Interrupted while the NATS change feed connected.", e);
            }
            try {
                return new NatsChangeFeed(own, true, subject);
            } catch (RuntimeException e) {
                try {
                    own.close();
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                }
                throw e;
            }
        }
    }
}
