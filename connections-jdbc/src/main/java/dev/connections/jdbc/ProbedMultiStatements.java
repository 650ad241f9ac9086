package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB's answer, found out once on the first connection asked: with {@code allowMultiQueries=true} in the host's
 * URL, statements joined by {@code ;}; without it, where the server has them (MariaDB, not MySQL) and the driver
 * prepares on the client (Connector/J's default), one {@linkplain MultiStatements#COMPOUND compound statement};
 * otherwise none. A server refuses what it does not take as a syntax error (or, preparing on the server, as a
 * statement it cannot prepare), which changes nothing. Any other failure is the connection's and is thrown, so the
 * question is asked again next time.
 */
final class ProbedMultiStatements implements MultiStatements {
    /** "You have an error in your SQL syntax"; "This command is not supported in the prepared statement protocol". */
    private static final Set<Integer> REFUSED = Set.of(1064, 1295);

    private final String probe;

    /** Null until a connection was asked. */
    private volatile @Nullable MultiStatements form;

    /** {@code probe}: two statements in one. */
    ProbedMultiStatements(String probe) {
        this.probe = probe;
    }

    @Override
    public boolean supported(Connection c) throws SQLException {
        MultiStatements known = form;
        if (known == null) {
            // Joined as on PostgreSQL: Connector/J's commit() sends nothing once the server reports no transaction
            // open.
            known = joined(c) ? ALWAYS : compound(c) ? COMPOUND : NEVER;
            form = known;
        }
        return known != NEVER;
    }

    private boolean joined(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(probe);
            while (s.getMoreResults() || s.getUpdateCount() != -1) {
                // drain the second result
            }
            return true;
        } catch (SQLException e) {
            if (!REFUSED.contains(e.getErrorCode())) {
                throw e;
            }
            return false;
        }
    }

    private static boolean compound(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COMPOUND.join(List.of("DO ?", "DO ?"), false))) {
            ps.setInt(1, 1);
            ps.setInt(2, 2);
            COMPOUND.counts(ps, 2);
            return true;
        } catch (SQLException e) {
            if (!REFUSED.contains(e.getErrorCode())) {
                throw e;
            }
            return false;
        }
    }

    /** What was found; only after {@link #supported} answered yes. */
    private MultiStatements form() {
        MultiStatements known = form;
        if (known == null || known == NEVER) {
            throw new IllegalStateException("Several statements in one were not found to be supported");
        }
        return known;
    }

    @Override
    public boolean carriesCommit() {
        return true;
    }

    @Override
    public boolean joinsIsolation() {
        return form().joinsIsolation();
    }

    @Override
    public String join(List<String> statements, boolean commit) {
        return form().join(statements, commit);
    }

    @Override
    public int[] counts(PreparedStatement ps, int statements) throws SQLException {
        return form().counts(ps, statements);
    }
}
