package dev.connections.jdbc;

import dev.connections.error.StorageException;
import dev.connections.internal.Durations;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Entry point of the JDBC adapter: wires the repository, secret store, key-usage counter and schema over one
 * host-supplied {@link DataSource}.
 *
 * <pre>{@code
 * JdbcConnections jdbc = JdbcConnections.builder(dataSource).tablePrefix("connections_").build();
 * jdbc.schema().migrate();
 * Connections connections = ConnectionsBuilder.newBuilder()
 *         .repository(jdbc.repository())
 *         .secretStore(jdbc.secretStore())
 *         .keyRing(keyRing)
 *         .build();
 * }</pre>
 *
 * <p>The library opens no pool of its own: pass a pooled DataSource (HikariCP or the host's).
 */
public final class JdbcConnections {
    private final JdbcDialect dialect;
    private final JdbcTables tables;
    private final JdbcConnectionRepository repository;
    private final JdbcSecretStore secretStore;
    private final JdbcKeyUsageCounter keyUsageCounter;
    private final JdbcSchema schema;
    private final JdbcChangeLog changeLog;
    private final JdbcConnectionStatusStore statusStore;

    /**
     * Every component gets the dialect's parts for these tables and one transaction runner, so that whatever one
     * component runs inside another's transaction joins it; the secret store is told which repository that is.
     */
    private JdbcConnections(
            DataSource dataSource, JdbcDialect dialect, JdbcTables tables, RetryPolicy retry, JdbcTimeouts timeouts) {
        this.dialect = dialect;
        this.tables = tables;
        DialectParts parts = dialect.parts(tables, timeouts);
        Transactions transactions = new Transactions(
                dataSource,
                parts.failures(),
                parts.multiStatements(),
                parts.appLock().setsIsolation(),
                retry,
                timeouts);
        this.secretStore = new JdbcSecretStore(dialect, parts, transactions);
        this.repository = new JdbcConnectionRepository(dialect, parts, transactions, secretStore);
        this.keyUsageCounter = new JdbcKeyUsageCounter(dialect, parts, transactions);
        this.schema = new JdbcSchema(dialect, parts, dataSource);
        this.changeLog = new JdbcChangeLog(dialect, parts, dataSource);
        this.statusStore = new JdbcConnectionStatusStore(dialect, parts, transactions);
    }

    /** Starts wiring over {@code dataSource}. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Connections and custom apps. */
    public JdbcConnectionRepository repository() {
        return repository;
    }

    /** Encrypted keys; joins the repository's transactions. */
    public JdbcSecretStore secretStore() {
        return secretStore;
    }

    /** Durable encryption counts per data key. */
    public JdbcKeyUsageCounter keyUsageCounter() {
        return keyUsageCounter;
    }

    /** Each connection's last key check and last use, shared by every host instance. */
    public JdbcConnectionStatusStore statusStore() {
        return statusStore;
    }

    /** Creates or upgrades the tables. */
    public JdbcSchema schema() {
        return schema;
    }

    /** The log of committed writes, for polling change feeds ({@code PollingChangeFeed.builder(this)}). */
    public JdbcChangeLog changeLog() {
        return changeLog;
    }

    /** The database in use. */
    public JdbcDialect dialect() {
        return dialect;
    }

    /** The table names. */
    public JdbcTables tables() {
        return tables;
    }

    @Override
    public String toString() {
        return "JdbcConnections[" + dialect + ", prefix=" + tables.prefix() + "]";
    }

    /** Configures a {@link JdbcConnections}; only the DataSource is required. */
    public static final class Builder {
        private final DataSource dataSource;
        private String tablePrefix = "connections_";
        private @Nullable JdbcDialect dialect;
        private int maxAttempts = 10;
        private Duration maxRetryTime = Duration.ofSeconds(10);
        private JdbcTimeouts timeouts = JdbcTimeouts.DEFAULTS;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * Prepended to every table and index name (default {@code connections_}); letters, digits and
         * underscores, up to 30 characters, starting with a letter.
         */
        public Builder tablePrefix(String tablePrefix) {
            this.tablePrefix = new JdbcTables(tablePrefix).prefix();
            return this;
        }

        /** The database, when detection from the driver's metadata is not wanted. */
        public Builder dialect(JdbcDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /**
         * How often one read or write is tried in all when the database fails transiently — a lost connection,
         * a deadlock, a serialization failure (default 10); each retry runs on a fresh connection after a
         * jittered, doubling pause. After that the operation fails with a {@link StorageException}. Constraint
         * violations are never retried.
         */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /**
         * The longest one operation keeps retrying transient failures (default 10 seconds); an outage longer
         * than this reaches the caller as a {@link StorageException}. {@link Duration#ZERO} turns retries off.
         */
        public Builder maxRetryTime(Duration maxRetryTime) {
            this.maxRetryTime = Durations.nonNegative(maxRetryTime, "maxRetryTime");
            return this;
        }

        /**
         * The longest one round trip to the database may take (default 5 seconds), set on each borrowed
         * connection as the driver's network timeout ({@link Connection#setNetworkTimeout}): a database that
         * stops answering then costs a read or write this much per attempt instead of a thread for good, and
         * the attempt is retried on a fresh connection within {@link #maxRetryTime}. Keep it above the longest
         * statement a healthy database may run; {@link Duration#ZERO} waits for ever (the drivers' default).
         */
        public Builder statementTimeout(Duration statementTimeout) {
            this.timeouts = timeouts.withStatementTimeout(Durations.nonNegative(statementTimeout, "statementTimeout"));
            return this;
        }

        /**
         * The longest a write waits for its app's lock (default 2 seconds; MariaDB counts whole seconds), ended
         * by the database itself (PostgreSQL {@code SET LOCAL lock_timeout}, MariaDB {@code SET STATEMENT
         * innodb_lock_wait_timeout … FOR}), so that a lock held by a stuck session becomes a conflict that is
         * retried within {@link #maxRetryTime} and then reported, rather than a wait without end. Not applied
         * inside a host's own transaction. {@link Duration#ZERO} leaves the server's setting (use it on MySQL,
         * which has no per-statement setting).
         */
        public Builder lockTimeout(Duration lockTimeout) {
            this.timeouts = timeouts.withLockTimeout(Durations.nonNegative(lockTimeout, "lockTimeout"));
            return this;
        }

        /**
         * The longest {@code resolveDefault} waits for storage when it reads it (default 200 ms) once the
         * database is suspect — a trigger-path read failed in the last 30 seconds, or one has been waiting for
         * more than a second; otherwise up to {@link #statementTimeout}, so a healthy but slow database still
         * answers a first read. Past it the read fails with a {@link StorageException}, which the facade's cache
         * answers with the last good entry while within {@code staleIfError}: the trigger path's p99 stays
         * within 250 ms while the database hangs, for every key that has an entry. The read runs on one of four
         * threads of the adapter's own, so a hung database never holds more than four of the pool's connections
         * for the trigger path. {@link Duration#ZERO} reads on the caller's thread like any read.
         */
        public Builder triggerTimeout(Duration triggerTimeout) {
            this.timeouts = timeouts.withTriggerTimeout(Durations.nonNegative(triggerTimeout, "triggerTimeout"));
            return this;
        }

        /**
         * Builds the adapter; detects the dialect with one short-lived connection unless it was given.
         *
         * @throws StorageException when the database cannot be reached for detection
         * @throws IllegalArgumentException when the database is not supported
         */
        public JdbcConnections build() {
            JdbcDialect resolved = dialect;
            if (resolved == null) {
                try (Connection c = dataSource.getConnection()) {
                    resolved = JdbcDialect.detect(c);
                } catch (SQLException e) {
                    throw new StorageException("Could not reach the database to detect its type.", e);
                }
            }
            return new JdbcConnections(
                    dataSource,
                    resolved,
                    new JdbcTables(tablePrefix),
                    new RetryPolicy(maxAttempts, maxRetryTime),
                    timeouts);
        }
    }
}
