package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The writes of one transaction held back until its next read or its COMMIT, then sent in as few round trips
 * as the database allows: a run of the same INSERT as one JDBC batch, and, where the dialect {@linkplain
 * MultiStatements accepts several statements in one prepared statement} (PostgreSQL), the
 * remaining writes together in one round trip. A write's effect is what it would have been when sent at once:
 * the order is kept, a row count is checked when the write says so, and a failure is named by the writes
 * that could have caused it.
 */
final class PendingWrites {
    /** PostgreSQL's protocol carries at most 65,535 parameters per statement; stay well below. */
    private static final int MAX_PARAMETERS = 30_000;

    private final List<Write> writes = new ArrayList<>();
    private boolean commitSent;

    /** Checks the rows a write touched; throws the write's own verdict (a stale version …) when wrong. */
    @FunctionalInterface
    interface CountCheck {
        void check(int count);
    }

    /** Names a database failure the write can cause (a duplicate name …); null when it is not one of its own. */
    @FunctionalInterface
    interface ErrorMapper {
        @Nullable
        RuntimeException map(SQLException e);
    }

    /**
     * One held-back INSERT, UPDATE or DELETE.
     *
     * @param check the row count's check; null for an INSERT, whose failure is an exception, so it may be batched
     */
    record Write(String sql, Jdbc.Binder binder, @Nullable CountCheck check, ErrorMapper errors) {
        Write {
            Objects.requireNonNull(sql, "sql");
            Objects.requireNonNull(binder, "binder");
            Objects.requireNonNull(errors, "errors");
        }

        int parameters() {
            // Called per write on every flush: a plain loop, not a stream over the statement's characters.
            int count = 0;
            for (int i = 0; i < sql.length(); i++) {
                if (sql.charAt(i) == '?') {
                    count++;
                }
            }
            return count;
        }
    }

    void add(Write write) {
        writes.add(write);
    }

    boolean isEmpty() {
        return writes.isEmpty();
    }

    /** Drops what was not sent: the transaction is being rolled back. */
    void clear() {
        writes.clear();
    }

    /** Whether a COMMIT went, or was being sent, with the last writes. */
    boolean commitSent() {
        return commitSent;
    }

    /**
     * Sends every held-back write, in order.
     *
     * @param commit whether to send COMMIT with the last writes when they need no row-count check (their failures
     *     are exceptions, which stop the COMMIT on the server); only with {@code multiStatements}
     * @param multiStatements how several writes travel as one statement; null: each on its own
     */
    void flush(Connection c, @Nullable MultiStatements multiStatements, boolean commit) throws SQLException {
        if (writes.isEmpty()) {
            return;
        }
        List<Write> all = List.copyOf(writes);
        writes.clear();
        List<Write> singles = new ArrayList<>();
        int i = 0;
        while (i < all.size()) {
            int end = i + 1;
            while (end < all.size()
                    && all.get(i).check() == null
                    && all.get(end).check() == null
                    && all.get(end).sql().equals(all.get(i).sql())) {
                end++;
            }
            if (end - i > 1) {
                send(c, singles, multiStatements, false);
                singles.clear();
                batch(c, all.subList(i, end));
            } else {
                singles.add(all.get(i));
            }
            i = end;
        }
        send(c, singles, multiStatements, commit);
    }

    private static void batch(Connection c, List<Write> run) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(run.get(0).sql())) {
            for (Write w : run) {
                w.binder().bind(new Parameters(ps));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw named(e, run.subList(0, 1));
        }
    }

    private void send(Connection c, List<Write> singles, @Nullable MultiStatements multiStatements, boolean commit)
            throws SQLException {
        if (multiStatements == null) {
            for (Write w : singles) {
                one(c, w);
            }
            return;
        }
        int from = 0;
        while (from < singles.size()) {
            int to = from;
            int parameters = 0;
            while (to < singles.size()
                    && (to == from || parameters + singles.get(to).parameters() <= MAX_PARAMETERS)) {
                parameters += singles.get(to).parameters();
                to++;
            }
            List<Write> chunk = singles.subList(from, to);
            boolean withCommit = commit && to == singles.size() && noneChecked(chunk);
            if (withCommit) {
                commitSent = true;
                together(c, multiStatements, chunk, true);
            } else if (chunk.size() == 1) {
                one(c, chunk.get(0));
            } else {
                together(c, multiStatements, chunk, false);
            }
            from = to;
        }
    }

    private static boolean noneChecked(List<Write> writes) {
        for (Write w : writes) {
            if (w.check() != null) {
                return false;
            }
        }
        return true;
    }

    private static void one(Connection c, Write w) throws SQLException {
        int count;
        try {
            count = Jdbc.update(c, w.sql(), w.binder());
        } catch (SQLException e) {
            throw named(e, List.of(w));
        }
        if (w.check() != null) {
            w.check().check(count);
        }
    }

    /**
     * Several statements in one prepared statement: one round trip, one result (row count) per statement; with
     * {@code commit}, COMMIT last, which the server runs only if every write before it succeeded.
     */
    private static void together(Connection c, MultiStatements form, List<Write> chunk, boolean commit)
            throws SQLException {
        List<String> statements = new ArrayList<>(chunk.size());
        for (Write w : chunk) {
            statements.add(w.sql());
        }
        int[] counts;
        try (PreparedStatement ps = c.prepareStatement(form.join(statements, commit))) {
            int offset = 0;
            for (Write w : chunk) {
                w.binder().bind(new Parameters(ps, offset));
                offset += w.parameters();
            }
            counts = form.counts(ps, chunk.size());
        } catch (SQLException e) {
            throw named(e, chunk);
        }
        for (int i = 0; i < chunk.size(); i++) {
            CountCheck check = chunk.get(i).check();
            if (check != null) {
                check.check(counts[i]);
            }
        }
    }

    /** The failure as one of the writes names it, else the driver's exception for the transaction to classify. */
    private static SQLException named(SQLException e, List<Write> suspects) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            for (Write w : suspects) {
                RuntimeException mapped = w.errors().map(s);
                if (mapped != null) {
                    throw mapped;
                }
            }
        }
        return e;
    }
}
