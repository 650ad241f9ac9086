package dev.connections.jdbc;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Sorts a database's failures into the {@link SqlFailure} kinds the retry rules of {@link Transactions} act on:
 * the standard signs of a lost connection (network exceptions, SQLState class 08, the JDBC connection
 * exceptions) for every database, and the database's own codes for conflicts and lost sessions.
 *
 * @param conflict this database's deadlocks, serialization failures and lock timeouts: it rolled back
 * @param connectionLoss this database's own codes for a session that is gone (killed, shut down, dropped)
 * @param readOnly this database's codes for refusing writes because it is read-only (a failover, an operator):
 *     never retried, reported as {@link dev.connections.error.StorageReadOnlyException}
 */
record FailureClassifier(
        Predicate<SQLException> conflict, Predicate<SQLException> connectionLoss, Predicate<SQLException> readOnly) {
    FailureClassifier {
        Objects.requireNonNull(conflict, "conflict");
        Objects.requireNonNull(connectionLoss, "connectionLoss");
        Objects.requireNonNull(readOnly, "readOnly");
    }

    /** What kind of failure {@code e} is, looking through its causes and chained exceptions. */
    SqlFailure classify(SQLException e) {
        boolean constraint = false;
        for (Throwable t : related(e)) {
            if (t instanceof SocketException || t instanceof EOFException || t instanceof SocketTimeoutException) {
                return SqlFailure.CONNECTION_LOST;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (s instanceof SQLNonTransientConnectionException
                        || s instanceof SQLTransientConnectionException
                        || s instanceof SQLRecoverableException
                        || (state != null && state.startsWith("08"))
                        || connectionLoss.test(s)) {
                    return SqlFailure.CONNECTION_LOST;
                }
                if (conflict.test(s)) {
                    return SqlFailure.CONFLICT;
                }
                if (readOnly.test(s)) {
                    return SqlFailure.READ_ONLY;
                }
                constraint |= state != null && state.startsWith("23");
            }
        }
        return constraint ? SqlFailure.CONSTRAINT : SqlFailure.OTHER;
    }

    /** {@code e}, its causes and the exceptions chained to each SQLException, each once. */
    private static Set<Throwable> related(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>(List.of(e));
        while (!todo.isEmpty() && seen.size() < 32) {
            Throwable t = todo.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            if (t instanceof SQLException s && s.getNextException() != null) {
                todo.add(s.getNextException());
            }
        }
        return seen;
    }
}
