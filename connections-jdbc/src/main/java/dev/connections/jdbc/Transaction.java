package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * One transaction that {@link Transactions} runs, handed to the work that runs in it: its connection, whether
 * anything was written in it, and the writes held back until its next read or its COMMIT ({@link PendingWrites}),
 * so that the writes of a unit of work travel together.
 */
final class Transaction {
    private final Connection connection;
    private final MultiStatements multiStatements;
    private final PendingWrites pending = new PendingWrites();
    private boolean wrote;
    private int joined;

    Transaction(Connection connection, MultiStatements multiStatements) {
        this.connection = connection;
        this.multiStatements = multiStatements;
    }

    /** The transaction's connection; writes held back are not sent by asking for it. */
    Connection connection() {
        return connection;
    }

    /** Whether this runs as part of an enclosing unit of work, so something may have run before it. */
    boolean isJoined() {
        return joined > 0;
    }

    /** Holds {@code write} back until the transaction's next read or its COMMIT. */
    void write(PendingWrites.Write write) {
        wrote = true;
        pending.add(write);
    }

    /** Marks the transaction as having written, so that a lost COMMIT leaves its outcome unknown. */
    void wrote() {
        wrote = true;
    }

    boolean hasWritten() {
        return wrote;
    }

    /** Sends the writes held back, in order. */
    void flush() throws SQLException {
        pending.flush(connection, joined(), false);
    }

    /**
     * Sends the writes held back and, where the driver {@linkplain MultiStatements#carriesCommit allows it} and the
     * last ones need no row-count check (which must pass before anything commits), the COMMIT with them.
     */
    void flushWithCommit() throws SQLException {
        MultiStatements joined = joined();
        pending.flush(connection, joined, joined != null && joined.carriesCommit());
    }

    private @Nullable MultiStatements joined() throws SQLException {
        return !pending.isEmpty() && multiStatements.supported(connection) ? multiStatements : null;
    }

    /** Whether a COMMIT went, or was being sent, with the writes: from then on the outcome may be committed. */
    boolean commitSent() {
        return pending.commitSent();
    }

    /** Drops the writes not sent: the transaction is being rolled back. */
    void discard() {
        pending.clear();
    }

    void enter() {
        joined++;
    }

    void leave() {
        joined--;
    }
}
