package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * Each dialect's failure codes for what issue 24 added: read-only storage is its own kind (never retried), and
 * PostgreSQL's lock timeout (55P03) is a conflict (retried); the codes of the other databases do not leak across.
 */
class FailureClassifierTest {

    private static SqlFailure classify(JdbcDialect dialect, SQLException e) {
        return dialect.failures().classify(e);
    }

    @Test
    void readOnlyRefusalsAreTheirOwnKindAndNotTransient() {
        assertThat(classify(JdbcDialect.POSTGRESQL, new SQLException("read-only", "25006")))
                .isEqualTo(SqlFailure.READ_ONLY);
        assertThat(classify(JdbcDialect.MARIADB, new SQLException("read-only", "HY000", 1290)))
                .isEqualTo(SqlFailure.READ_ONLY);
        assertThat(classify(JdbcDialect.MARIADB, new SQLException("read-only mode", "HY000", 1836)))
                .isEqualTo(SqlFailure.READ_ONLY);
        assertThat(classify(JdbcDialect.MARIADB, new SQLException("read-only transaction", "25006", 1792)))
                .isEqualTo(SqlFailure.READ_ONLY);
        assertThat(classify(JdbcDialect.H2, new SQLException("read-only", "90097", 90097)))
                .isEqualTo(SqlFailure.READ_ONLY);
        assertThat(SqlFailure.READ_ONLY.isTransient()).isFalse();
    }

    @Test
    void aReadOnlyRefusalWrappedInAnotherExceptionIsFoundThroughItsCause() {
        SQLException wrapped = new SQLException("batch failed", "HY000", new SQLException("read-only", "25006"));

        assertThat(classify(JdbcDialect.POSTGRESQL, wrapped)).isEqualTo(SqlFailure.READ_ONLY);
    }

    @Test
    void postgresLockTimeoutIsARetriedConflict() {
        assertThat(classify(JdbcDialect.POSTGRESQL, new SQLException("lock timeout", "55P03")))
                .isEqualTo(SqlFailure.CONFLICT);
        assertThat(classify(JdbcDialect.MARIADB, new SQLException("lock wait timeout", "HY000", 1205)))
                .isEqualTo(SqlFailure.CONFLICT);
    }

    @Test
    void codesOfOneDatabaseMeanNothingSpecialToAnother() {
        assertThat(classify(JdbcDialect.H2, new SQLException("x", "HY000", 1290)))
                .isEqualTo(SqlFailure.OTHER);
        assertThat(classify(JdbcDialect.H2, new SQLException("x", "55P03"))).isEqualTo(SqlFailure.OTHER);
        assertThat(classify(JdbcDialect.POSTGRESQL, new SQLException("x", "HY000", 90097)))
                .isEqualTo(SqlFailure.OTHER);
    }
}
