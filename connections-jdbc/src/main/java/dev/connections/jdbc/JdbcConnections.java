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
    private JdbcConnections(DataSource dataSource, JdbcDialect dialect, JdbcTables tables, RetryPolicy retry) {
        this.dialect = dialect;
        this.tables = tables;
        DialectParts parts = dialect.parts(tables);
        Transactions transactions = new Transactions(
                dataSource,
                parts.failures(),
                parts.multiStatements(),
                parts.appLock().setsIsolation(),
                retry);
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
                    dataSource, resolved, new JdbcTables(tablePrefix), new RetryPolicy(maxAttempts, maxRetryTime));
        }
    }
}
