package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The lock timeout lives in the statement that takes the app's lock, for that transaction (PostgreSQL) or
 * statement (MariaDB) only, and {@link Duration#ZERO} leaves the server's setting; the statement run inside a
 * host's transaction never carries it.
 */
class LockTimeoutSqlTest {
    private static final JdbcTables TABLES = new JdbcTables("lt_");

    @Test
    void postgresSetsLockTimeoutForTheTransactionBeforeTheLock() {
        PostgresSql sql = new PostgresSql(TABLES, Duration.ofMillis(1500));

        assertThat(sql.lockAndRead)
                .startsWith(SqlStatements.READ_COMMITTED + ";\nSET LOCAL lock_timeout = '1500ms';\n"
                        + "SELECT pg_advisory_xact_lock(?, ?)");
        assertThat(sql.lockAndReadJoined).doesNotContain("lock_timeout");
        assertThat(new PostgresSql(TABLES, Duration.ZERO).lockAndRead).doesNotContain("lock_timeout");
    }

    @Test
    void mariaDbBoundsTheLockStatementAloneInWholeSeconds() {
        MariaDbSql sql = new MariaDbSql(TABLES, Duration.ofMillis(1500));

        assertThat(sql.lockAppRow)
                .startsWith("SET STATEMENT innodb_lock_wait_timeout = 2 FOR INSERT INTO lt_app_locks");
        assertThat(sql.lockAndRead).startsWith(sql.lockAppRow + ";\n");
        assertThat(sql.lockAndReadFirst).isEqualTo(SqlStatements.READ_COMMITTED + ";\n" + sql.lockAndRead);
        assertThat(new MariaDbSql(TABLES, Duration.ZERO).lockAppRow).startsWith("INSERT INTO lt_app_locks");
    }

    @Test
    void theDialectBuildsItsStatementsWithTheAdaptersLockTimeout() {
        JdbcTimeouts timeouts = JdbcTimeouts.DEFAULTS.withLockTimeout(Duration.ofSeconds(7));

        assertThat(((MariaDbSql) JdbcDialect.MARIADB.parts(TABLES, timeouts).sql()).lockAppRow)
                .contains("innodb_lock_wait_timeout = 7 FOR");
        assertThat(((PostgresSql) JdbcDialect.POSTGRESQL.parts(TABLES, timeouts).sql()).lockAndRead)
                .contains("lock_timeout = '7000ms'");
    }
}
