package dev.connections.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Whether, and how, one prepared statement may carry several statements, sent in one round trip ({@link
 * PendingWrites}, the app lock's read): joined by {@code ;} where the driver sends several at once, or inside one
 * compound statement ({@link #COMPOUND}) where the server runs one that holds several.
 */
interface MultiStatements {
    /**
     * The driver always does, and a transaction's COMMIT may travel with its last writes (pgjdbc: its {@code
     * commit()} sends nothing once the server reports no transaction open).
     */
    MultiStatements ALWAYS = new MultiStatements() {
        @Override
        public boolean supported(Connection c) {
            return true;
        }

        @Override
        public boolean carriesCommit() {
            return true;
        }
    };

    /** The driver never does, or the adapter does not ask it to (H2). */
    MultiStatements NEVER = c -> false;

    /**
     * MariaDB's anonymous compound statement, {@code BEGIN NOT ATOMIC … END}: one statement to the driver, so it needs
     * no {@code allowMultiQueries}. The server stops at the first failing statement inside, so a COMMIT last runs only
     * after every write did (and Connector/J's {@code commit()} then sends nothing). Row counts come back as one row
     * read at the end, each taken with {@code ROW_COUNT()} straight after its statement. {@code SET TRANSACTION}
     * cannot be one of the statements: inside a compound statement it does not reliably apply to the transaction.
     */
    MultiStatements COMPOUND = new MultiStatements() {
        @Override
        public boolean supported(Connection c) {
            return true;
        }

        @Override
        public boolean carriesCommit() {
            return true;
        }

        @Override
        public boolean joinsIsolation() {
            return false;
        }

        @Override
        public String join(List<String> statements, boolean commit) {
            StringBuilder sql = new StringBuilder("BEGIN NOT ATOMIC\n");
            sql.append("DECLARE ");
            for (int i = 1; i <= statements.size(); i++) {
                sql.append(i > 1 ? ", " : "").append("rows").append(i);
            }
            sql.append(" BIGINT DEFAULT 0;\n");
            for (int i = 1; i <= statements.size(); i++) {
                sql.append(statements.get(i - 1))
                        .append(";\nSET rows")
                        .append(i)
                        .append(" = ROW_COUNT();\n");
            }
            if (commit) {
                sql.append("COMMIT;\n");
            }
            sql.append("SELECT ");
            for (int i = 1; i <= statements.size(); i++) {
                sql.append(i > 1 ? ", " : "").append("rows").append(i);
            }
            return sql.append(";\nEND").toString();
        }

        @Override
        public int[] counts(PreparedStatement ps, int statements) throws SQLException {
            int[] counts = new int[statements];
            boolean isResultSet = ps.execute();
            boolean read = false;
            while (isResultSet || ps.getUpdateCount() != -1) {
                if (isResultSet && !read) {
                    try (var rs = ps.getResultSet()) {
                        if (!rs.next()) {
                            throw new SQLException("A compound statement returned no row counts");
                        }
                        for (int i = 0; i < statements; i++) {
                            counts[i] = Math.toIntExact(rs.getLong(i + 1));
                        }
                    }
                    read = true;
                }
                isResultSet = ps.getMoreResults();
            }
            if (!read) {
                throw new SQLException("A compound statement returned no row counts");
            }
            return counts;
        }

        @Override
        public String toString() {
            return "compound statements";
        }
    };

    /** Whether the driver behind {@code c} sends several statements at once. */
    boolean supported(Connection c) throws SQLException;

    /**
     * Whether a transaction's COMMIT may be sent as the last of its held-back writes, saving the COMMIT's own round
     * trip: only where the driver then knows the transaction ended without being told.
     */
    default boolean carriesCommit() {
        return false;
    }

    /** Whether {@code SET TRANSACTION ISOLATION LEVEL} may be the first of the statements {@link #join}ed. */
    default boolean joinsIsolation() {
        return true;
    }

    /**
     * One statement that runs {@code statements} in order and then, with {@code commit}, COMMIT; the server runs
     * nothing after a statement that failed. Only after {@link #supported} said yes on the connection.
     */
    default String join(List<String> statements, boolean commit) {
        String joined = String.join(";\n", statements);
        return commit ? joined + ";\nCOMMIT" : joined;
    }

    /** Executes {@code ps}, a {@link #join} of {@code statements} statements, and returns each one's row count. */
    default int[] counts(PreparedStatement ps, int statements) throws SQLException {
        int[] counts = new int[statements];
        ps.execute();
        for (int i = 0; i < statements; i++) {
            counts[i] = ps.getUpdateCount();
            ps.getMoreResults();
        }
        return counts;
    }
}
