package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** H2's migration lock: a migration waits for another's lock row, past H2's own lock timeout, without polling. */
class RowMigrationLockTest {
    private HikariDataSource pool;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() {
        HikariConfig config = new HikariConfig();
        // H2 gives up on a row lock after 100 ms; the migration must keep waiting beyond that.
        config.setJdbcUrl("jdbc:h2:mem:migration-lock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=100");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void tearDown() {
        executor.shutdownNow();
        pool.close();
    }

    @Test
    @DisplayName("a migration waits while another instance holds the lock row, then applies every script once")
    void waitsForTheLockRow() throws Exception {
        JdbcConnections jdbc =
                JdbcConnections.builder(pool).tablePrefix("lock_").build();
        H2Sql sql = new H2Sql(jdbc.tables());
        try (Connection other = pool.getConnection()) {
            Jdbc.execute(other, sql.createMigrationLockTable);
            Jdbc.execute(other, sql.insertMigrationLockRow);
            other.setAutoCommit(false);
            // Another instance's migration, holding the lock.
            assertThat(Jdbc.queryOne(other, sql.lockMigration, Jdbc.NONE, rs -> true))
                    .isPresent();

            Future<Integer> migrating = executor.submit(() -> jdbc.schema().migrate());
            Awaitility.await("the migration waiting through several of H2's lock timeouts")
                    .during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> !migrating.isDone());
            assertThat(jdbc.schema().currentVersion()).isZero();

            other.rollback();
            assertThat(migrating.get(10, TimeUnit.SECONDS))
                    .isEqualTo(jdbc.schema().latestVersion());
        }
        assertThat(jdbc.schema().currentVersion()).isEqualTo(jdbc.schema().latestVersion());
        assertThat(lockHeld(sql)).as("lock row free again").isFalse();
    }

    /** Whether a connection of our own finds the lock row taken (H2 then fails with its lock timeout). */
    private boolean lockHeld(H2Sql sql) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                Jdbc.queryOne(c, sql.lockMigration, Jdbc.NONE, rs -> true);
                return false;
            } catch (SQLException e) {
                if (e.getErrorCode() == 50200) {
                    return true;
                }
                throw e;
            } finally {
                c.rollback();
            }
        }
    }
}
