package dev.connections.jdbc.feed;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.internal.Durations;
import dev.connections.jdbc.JdbcChangeLog;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.jdbc.JdbcTables;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.support.ChangeSubscribers;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChangeFeed} that polls the JDBC adapter's change log, for databases without LISTEN/NOTIFY
 * (MariaDB, MySQL, H2; it works on PostgreSQL too).
 *
 * <p>The JDBC repository appends one row (seq, workspace, integration, changed_at) to the {@code
 * change_log} table inside every write's own transaction, so {@link #publish} has nothing left to do:
 * the change is announced exactly when it commits. Every {@link Builder#interval interval} the feed reads
 * the rows after the last sequence number it has settled and tells subscribers about their workspaces.
 *
 * <p>Sequence numbers are handed out when a row is inserted, not when it commits, so a slow transaction
 * can make a lower number appear after a higher one. The feed therefore keeps its position below any
 * hole and re-reads past it, reporting each row once, until the hole fills or is older than the {@link
 * Builder#gapGrace gap grace} (a rolled-back write leaves a hole for good). After a failed poll it
 * reports that everything may have changed. Rows older than the {@link Builder#retention retention} are
 * deleted now and then by every instance.
 */
public final class PollingChangeFeed implements ChangeFeed {
    private static final Logger LOG = LoggerFactory.getLogger(PollingChangeFeed.class);
    private static final int MAX_ROWS_PER_POLL = 10_000;
    private static final Duration PRUNE_EVERY = Duration.ofMinutes(10);

    private final ChangeLogSource source;
    private final String table;
    private final Duration interval;
    private final long gapGraceNanos;
    private final @Nullable Duration retention;
    private final Clock clock;
    private final ChangeSubscribers subscribers = new ChangeSubscribers();
    private final ScheduledExecutorService poller;

    // Only the poller thread touches the position fields.
    private long settled = -1;
    private final TreeSet<Long> seenAbove = new TreeSet<>();
    private long gapSince = -1;
    private boolean failing;
    private long nextPrune;
    private volatile boolean healthy;
    private final AtomicBoolean started = new AtomicBoolean();

    private PollingChangeFeed(Builder b) {
        this.source = b.jdbc != null
                ? new ChangeLogSource(b.jdbc.changeLog())
                : new ChangeLogSource(Objects.requireNonNull(b.dataSource), b.tablePrefix);
        this.table = b.jdbc != null ? b.jdbc.tables().changeLog() : new JdbcTables(b.tablePrefix).changeLog();
        this.interval = b.interval;
        this.gapGraceNanos = b.gapGrace.toNanos();
        this.retention = b.retention;
        this.clock = b.clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "connections-change-poller-" + table);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A feed over the change log in {@code dataSource}; it polls once it has a subscriber. The JDBC adapter over
     * the DataSource (and with it the database's dialect) is set up on the first poll.
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Objects.requireNonNull(dataSource, "dataSource"), null);
    }

    /** A feed over the change log of {@code jdbc}, with its table prefix and dialect; it polls once it has a subscriber. */
    public static Builder builder(JdbcConnections jdbc) {
        return new Builder(null, Objects.requireNonNull(jdbc, "jdbc"));
    }

    /** Nothing to send: the JDBC repository logged the change inside the write's transaction. */
    @Override
    public void publish(WorkspaceId workspace, IntegrationId integration) {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(integration, "integration");
    }

    /** Registers a subscriber; the first one starts the polling, so no early notice goes unheard. */
    @Override
    public void subscribe(Subscriber subscriber) {
        subscribers.add(subscriber);
        if (started.compareAndSet(false, true)) {
            poller.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the last poll succeeded (false before the first poll). */
    public boolean isHealthy() {
        return healthy;
    }

    /** How often the change log is read. */
    public Duration interval() {
        return interval;
    }

    /** Stops polling. */
    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Deletes change-log rows older than {@code age}; the feed calls it on its own every 10 minutes with
     * its retention.
     *
     * @return rows deleted
     */
    public int prune(Duration age) {
        return source.get().pruneBefore(clock.instant().minus(age));
    }

    @Override
    public String toString() {
        return "PollingChangeFeed[table=" + table + ", interval=" + interval + "]";
    }

    private void pollSafely() {
        try {
            poll();
            if (failing) {
                LOG.info("Change log {} is readable again; dropping every cached entry", table);
                failing = false;
                subscribers.everythingChanged();
            }
            healthy = true;
            maybePrune();
        } catch (RuntimeException e) {
            healthy = false;
            if (!failing) {
                LOG.warn("Could not poll the change log {} ({}); retrying every {}", table, e.getMessage(), interval);
            }
            failing = true;
        }
    }

    private void poll() {
        JdbcChangeLog log = source.get();
        if (settled < 0) {
            // Start at the end of the log; nothing is cached yet, but writes racing the start are
            // covered by telling subscribers everything may have changed.
            settled = log.latestSeq();
            subscribers.everythingChanged();
            return;
        }
        Set<AppKey> changed = new LinkedHashSet<>();
        long highest = settled;
        List<JdbcChangeLog.Change> rows = log.readAfter(settled, MAX_ROWS_PER_POLL);
        for (JdbcChangeLog.Change row : rows) {
            highest = Math.max(highest, row.seq());
            if (seenAbove.add(row.seq())) {
                changed.add(new AppKey(row.workspace(), row.integration()));
            }
        }
        if (rows.size() == MAX_ROWS_PER_POLL) {
            // Far behind (a long pause or a burst): one bulk invalidation is cheaper and as correct.
            settled = highest;
            seenAbove.clear();
            gapSince = -1;
            subscribers.everythingChanged();
            return;
        }
        changed.forEach(app -> subscribers.appChanged(app.workspace(), app.integration()));
        settle();
    }

    /** Moves the settled position over every contiguous number seen, and over holes older than the grace. */
    private void settle() {
        while (!seenAbove.isEmpty()) {
            long first = seenAbove.first();
            if (first == settled + 1) {
                seenAbove.pollFirst();
                settled = first;
                gapSince = -1;
                continue;
            }
            long now = System.nanoTime();
            if (gapSince < 0) {
                gapSince = now;
            }
            if (now - gapSince < gapGraceNanos) {
                return;
            }
            // The hole outlived any transaction we wait for: a rollback or a skipped identity value.
            settled = first - 1;
            gapSince = -1;
        }
    }

    private void maybePrune() {
        if (retention == null) {
            return;
        }
        long now = System.nanoTime();
        if (nextPrune == 0) {
            nextPrune = now + PRUNE_EVERY.toNanos();
            return;
        }
        if (now - nextPrune < 0) {
            return;
        }
        nextPrune = now + PRUNE_EVERY.toNanos();
        try {
            int deleted = prune(retention);
            LOG.debug("Pruned {} change-log rows older than {}", deleted, retention);
        } catch (StorageException e) {
            LOG.warn("Could not prune the change log {}", table, e);
        }
    }

    /**
     * The change log, or on a feed built from a bare DataSource the means to set up the JDBC adapter for it once
     * the database answers (so building the feed never needs the database).
     */
    private static final class ChangeLogSource {
        private final @Nullable DataSource dataSource;
        private final String tablePrefix;
        private volatile @Nullable JdbcChangeLog log;

        ChangeLogSource(JdbcChangeLog log) {
            this.dataSource = null;
            this.tablePrefix = "";
            this.log = log;
        }

        ChangeLogSource(DataSource dataSource, String tablePrefix) {
            this.dataSource = dataSource;
            this.tablePrefix = tablePrefix;
        }

        JdbcChangeLog get() {
            JdbcChangeLog current = log;
            if (current == null) {
                synchronized (this) {
                    current = log;
                    if (current == null) {
                        current = JdbcConnections.builder(Objects.requireNonNull(dataSource))
                                .tablePrefix(tablePrefix)
                                .build()
                                .changeLog();
                        log = current;
                    }
                }
            }
            return current;
        }
    }

    /** Configures a {@link PollingChangeFeed}. */
    public static final class Builder {
        private final @Nullable DataSource dataSource;
        private final @Nullable JdbcConnections jdbc;
        private String tablePrefix = "connections_";
        private Duration interval = Duration.ofSeconds(1);
        private Duration gapGrace = Duration.ofSeconds(10);
        private @Nullable Duration retention = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();

        private Builder(@Nullable DataSource dataSource, @Nullable JdbcConnections jdbc) {
            this.dataSource = dataSource;
            this.jdbc = jdbc;
        }

        /**
         * The JDBC adapter's table prefix (default {@code connections_}), for a feed built from a DataSource; a
         * feed built from a {@link JdbcConnections} uses that adapter's prefix.
         *
         * @throws IllegalStateException on a builder made from a {@link JdbcConnections}
         */
        public Builder tablePrefix(String tablePrefix) {
            if (jdbc != null) {
                throw new IllegalStateException("The table prefix comes from " + jdbc + "; set it there.");
            }
            this.tablePrefix = new JdbcTables(tablePrefix).prefix();
            return this;
        }

        /** Time between polls (default 1 s): how long another instance's change takes to arrive here. */
        public Builder interval(Duration interval) {
            this.interval = Durations.positive(interval, "interval");
            return this;
        }

        /**
         * How long a hole in the sequence is waited for before it is taken as a rolled-back write
         * (default 10 s); longer than any write transaction should take.
         */
        public Builder gapGrace(Duration gapGrace) {
            this.gapGrace = Durations.positive(gapGrace, "gapGrace");
            return this;
        }

        /**
         * How long change-log rows are kept (default 1 hour); must exceed the longest an instance may
         * stop polling and still catch up. {@code null} keeps rows for the host to delete.
         */
        public Builder retention(@Nullable Duration retention) {
            this.retention = retention == null ? null : Durations.positive(retention, "retention");
            return this;
        }

        /** Clock for the retention cut-off (default the UTC system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Builds the feed; polling starts with the first subscriber. */
        public PollingChangeFeed build() {
            return new PollingChangeFeed(this);
        }
    }

    private record AppKey(WorkspaceId workspace, IntegrationId integration) {}
}
