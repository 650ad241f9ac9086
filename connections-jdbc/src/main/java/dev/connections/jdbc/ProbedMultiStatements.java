package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * MariaDB's answer, found out once on the first connection asked: without {@code allowMultiQueries=true} in the
 * host's URL the server refuses two statements in one as a syntax error, which changes nothing. Any other failure
 * is the connection's and is thrown, so the question is asked again next time.
 */
final class ProbedMultiStatements implements MultiStatements {
    /** MariaDB's "You have an error in your SQL syntax": what a server says to two statements it was not told of. */
    private static final int SYNTAX_ERROR = 1064;

    private final String probe;

    /** Null until a connection was asked. */
    private volatile @Nullable Boolean supported;

    /** {@code probe}: two statements in one. */
    ProbedMultiStatements(String probe) {
        this.probe = probe;
    }

    @Override
    public boolean supported(Connection c) throws SQLException {
        Boolean known = supported;
        if (known == null) {
            try (Statement s = c.createStatement()) {
                s.execute(probe);
                while (s.getMoreResults() || s.getUpdateCount() != -1) {
                    // drain the second result
                }
                known = true;
            } catch (SQLException e) {
                if (e.getErrorCode() != SYNTAX_ERROR) {
                    throw e;
                }
                known = false;
            }
            supported = known;
        }
        return known;
    }

    /**
     * MariaDB Connector/J's {@code commit()} sends nothing when the server's status says no transaction is open, and
     * the server stops a multi-statement at its first error, so a COMMIT sent last runs only after every write did.
     */
    @Override
    public boolean carriesCommit() {
        return true;
    }
}
