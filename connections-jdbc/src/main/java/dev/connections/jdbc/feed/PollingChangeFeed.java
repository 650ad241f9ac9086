package dev.connections.jdbc.feed;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcDialect;
import dev.connections.jdbc.JdbcTables;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.support.ChangeSubscribers;
import dev.connections.spi.support.Durations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
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

    private final DataSource dataSource;
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
        this.dataSource = b.dataSource;
        this.table = new JdbcTables(b.tablePrefix).changeLog();
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

    /** A feed over the change log in {@code dataSource}; it polls once it has a subscriber. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
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
        try (Connection c = dataSource.getConnection()) {
            JdbcDialect dialect = JdbcDialect.detect(c);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE changed_at < ?")) {
                var cutoff = clock.instant().minus(age);
                if (dialect == JdbcDialect.MARIADB) {
                    // DATETIME has no zone; the adapter stores UTC wall-clock time.
                    ps.setObject(1, LocalDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                } else {
                    ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                }
                int deleted = ps.executeUpdate();
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                return deleted;
            }
        } catch (SQLException e) {
            throw new StorageException("Could not prune the change log.", e);
        }
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
        } catch (SQLException | RuntimeException e) {
            healthy = false;
            if (!failing) {
                LOG.warn("Could not poll the change log {} ({}); retrying every {}", table, e.getMessage(), interval);
            }
            failing = true;
        }
    }

    private void poll() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (settled < 0) {
                // Start at the end of the log; nothing is cached yet, but writes racing the start are
                // covered by telling subscribers everything may have changed.
                settled = maxSeq(c);
                subscribers.everythingChanged();
                return;
            }
            Set<AppKey> changed = new LinkedHashSet<>();
            long highest = settled;
            int rows = 0;
            String sql = "SELECT seq, workspace, integration FROM " + table + " WHERE seq > ? ORDER BY seq";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, settled);
                ps.setMaxRows(MAX_ROWS_PER_POLL);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        long seq = rs.getLong(1);
                        highest = Math.max(highest, seq);
                        if (seenAbove.add(seq)) {
                            changed.add(new AppKey(WorkspaceId.of(rs.getString(2)), IntegrationId.of(rs.getString(3))));
                        }
                    }
                }
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
            if (rows == MAX_ROWS_PER_POLL) {
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

    private long maxSeq(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM " + table);
                ResultSet rs = ps.executeQuery()) {
            long max = rs.next() ? rs.getLong(1) : 0;
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return max;
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

    /** Configures a {@link PollingChangeFeed}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = "connections_";
        private Duration interval = Duration.ofSeconds(1);
        private Duration gapGrace = Duration.ofSeconds(10);
        private @Nullable Duration retention = Duration.ofHours(1);
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The JDBC adapter's table prefix (default {@code connections_}). */
        public Builder tablePrefix(String tablePrefix) {
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
