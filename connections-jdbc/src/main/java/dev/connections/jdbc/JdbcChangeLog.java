package dev.connections.jdbc;

import dev.connections.error.StorageException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The change log the JDBC repository appends to inside every write's transaction, read by polling change feeds.
 *
 * <p>Obtain it from {@link JdbcConnections#changeLog()}. Each call runs on a connection of its own and is not
 * retried: a poller's next round is its retry. Failures are {@link StorageException}s.
 */
public final class JdbcChangeLog {
    private final JdbcContext ctx;

    JdbcChangeLog(JdbcContext ctx) {
        this.ctx = ctx;
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
        return run(
                "read the change log", c -> JdbcContext.queryOne(c, ctx.sql.latestChange, ps -> {}, rs -> rs.getLong(1))
                        .orElse(0L));
    }

    /** Up to {@code maxRows} entries with a sequence number above {@code seq}, in sequence order. */
    public List<Change> readAfter(long seq, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
        }
        return run(
                "read the change log",
                c -> List.copyOf(JdbcContext.query(
                        c,
                        ctx.sql.changesAfter,
                        ps -> {
                            ps.setLong(1, seq);
                            ps.setMaxRows(maxRows);
                        },
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
                c -> JdbcContext.update(c, ctx.sql.pruneChanges, ps -> ctx.sql.setInstant(ps, 1, cutoff)));
    }

    /** The table read and pruned. */
    public String table() {
        return ctx.tables.changeLog();
    }

    private <T> T run(String what, JdbcContext.SqlWork<T> work) {
        try (Connection c = ctx.dataSource.getConnection()) {
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
        return "JdbcChangeLog[" + ctx.dialect + ", table=" + table() + "]";
    }
}
