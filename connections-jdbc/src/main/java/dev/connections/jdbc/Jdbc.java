package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The PreparedStatement boilerplate, once: query, query one row, update, execute. Knows no SQL of its own and no
 * transaction; the callers pass both.
 */
final class Jdbc {
    private Jdbc() {}

    /** Work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(Parameters parameters) throws SQLException;
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Binds nothing. */
    static final Binder NONE = p -> {};

    /** Binds {@code values} as strings to parameters 1, 2, …: the workspace-and-id lookups. */
    static Binder strings(String... values) {
        return p -> {
            for (int i = 0; i < values.length; i++) {
                p.setString(i + 1, values[i]);
            }
        };
    }

    /** Every row {@code sql} returns, in order. */
    static <T> List<T> query(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        return query(c, sql, 0, binder, mapper);
    }

    /** At most {@code maxRows} rows {@code sql} returns (0: all), in order. */
    static <T> List<T> query(Connection c, String sql, int maxRows, Binder binder, RowMapper<T> mapper)
            throws SQLException {
        List<T> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (maxRows > 0) {
                ps.setMaxRows(maxRows);
            }
            binder.bind(new Parameters(ps));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
            }
        }
        return rows;
    }

    /** The first row {@code sql} returns, if any. */
    static <T> Optional<T> queryOne(Connection c, String sql, Binder binder, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(new Parameters(ps));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(mapper.map(rs)) : Optional.empty();
            }
        }
    }

    /** Runs an INSERT, UPDATE or DELETE; returns the rows it touched. */
    static int update(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(new Parameters(ps));
            return ps.executeUpdate();
        }
    }

    /** Runs a prepared statement whose result is not needed (a lock function). */
    static void execute(Connection c, String sql, Binder binder) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(new Parameters(ps));
            ps.execute();
        }
    }

    /** Runs a statement without parameters (DDL, a script's statement). */
    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /**
     * Runs {@code ps}, several statements in one, and maps the rows of its {@code wanted}-th result set (from
     * 1); every other result (row counts, a lock's row) is read past.
     */
    static <T> List<T> rowsOfResultSet(PreparedStatement ps, int wanted, RowMapper<T> rows) throws SQLException {
        List<T> read = new ArrayList<>();
        boolean isResultSet = ps.execute();
        int resultSets = 0;
        while (isResultSet || ps.getUpdateCount() != -1) {
            if (isResultSet && ++resultSets == wanted) {
                try (ResultSet rs = ps.getResultSet()) {
                    while (rs.next()) {
                        read.add(rows.map(rs));
                    }
                }
            }
            isResultSet = ps.getMoreResults();
        }
        return read;
    }

    /** Runs {@code work} with auto-commit switched to {@code on}, restoring the connection's setting after. */
    static <T> T withAutoCommit(Connection c, boolean on, SqlWork<T> work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(on);
        try {
            return work.run(c);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
