package dev.connections.jdbc;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The change log the JDBC repository appends to inside every write's transaction, read by polling change feeds.
 *
 * <p>Obtain it from {@link JdbcConnections#changeLog()}. Each call runs on a connection of its own and is not
 * retried: a poller's next round is its retry. Failures are {@link StorageException}s.
 */
public final class JdbcChangeLog {
    private final JdbcDialect dialect;
    private final DataSource dataSource;
    private final SqlStatements sql;
    private final Timestamps timestamps;

    JdbcChangeLog(JdbcDialect dialect, DialectParts parts, DataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.sql = parts.sql();
        this.timestamps = parts.timestamps();
    }

    /**
     * One committed write to an app's connections.
     *
     * @param seq the log's sequence number, handed out at insert (not commit) time
     * @param workspace the workspace written to
     * @param integration the app written to
     */
    public record Change(long seq, WorkspaceId workspace, IntegrationId integration) {
        public Change {
            Objects.requireNonNull(workspace, "workspace");
            Objects.requireNonNull(integration, "integration");
        }
    }

    /** The highest sequence number in the log, 0 when it is empty. */
    public long latestSeq() {
        return run("read the change log", c -> Jdbc.queryOne(c, sql.latestChange, Jdbc.NONE, rs -> rs.getLong(1))
                .orElse(0L));
    }

    /** Up to {@code maxRows} entries with a sequence number above {@code seq}, in sequence order. */
    public List<Change> readAfter(long seq, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
        }
        return run(
                "read the change log",
                c -> List.copyOf(Jdbc.query(
                        c,
                        sql.changesAfter,
                        maxRows,
                        p -> p.setLong(1, seq),
                        rs -> new Change(
                                rs.getLong(1), WorkspaceId.of(rs.getString(2)), IntegrationId.of(rs.getString(3))))));
    }

    /**
     * Deletes entries written before {@code cutoff}.
     *
     * @return entries deleted
     */
    public int pruneBefore(Instant cutoff) {
        Objects.requireNonNull(cutoff, "cutoff");
        return run(
                "prune the change log",
                c -> Jdbc.update(c, sql.pruneChanges, p -> p.setObject(1, timestamps.bindable(cutoff))));
    }

    /** The table read and pruned. */
    public String table() {
        return sql.tables.changeLog();
    }

    private <T> T run(String what, Jdbc.SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            T result = work.run(c);
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return result;
        } catch (SQLException e) {
            throw new StorageException("Could not " + what + ".", WithheldSqlException.of(e));
        }
    }

    @Override
    public String toString() {
        return "JdbcChangeLog[" + dialect + ", table=" + table() + "]";
    }
}
