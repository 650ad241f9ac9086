package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.tck.fault.Fault;
import dev.connections.tck.fault.FaultInjectingDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TCK's fault-injecting DataSource on H2 under a HikariCP pool: each fault does what its Javadoc says. */
class FaultInjectingDataSourceTest {
    private HikariDataSource pool;
    private FaultInjectingDataSource faulty;
    private String table;

    @BeforeEach
    void setUp() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:fault-kit;DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(2);
        config.setPoolName("fault-kit");
        pool = new HikariDataSource(config);
        faulty = new FaultInjectingDataSource(pool);
        table = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        }
    }

    @AfterEach
    void tearDown() {
        pool.close();
    }

    private int rows() throws SQLException {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Inserts ids 1..n in one transaction and commits; returns the exception the fault raised, if any. */
    private SQLException insertAndCommit(int n) {
        try (Connection c = faulty.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (int i = 1; i <= n; i++) {
                    s.executeUpdate("INSERT INTO " + table + " VALUES (" + i + ")");
                }
            }
            c.commit();
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    @Test
    void countsStatementsAndCommits() {
        faulty.startCounting();
        assertThat(state(insertAndCommit(3))).isNull();
        assertThat(faulty.connectionsRequested()).isEqualTo(1);
        assertThat(faulty.statementsExecuted()).isEqualTo(3);
        assertThat(faulty.commits()).isEqualTo(1);
        // getConnection, 3 statements, before and after the commit.
        assertThat(faulty.faultPoints()).hasSize(6);
        assertThat(faulty.deadlockPoints()).hasSize(3);
    }

    @Test
    void getConnectionFailsOnce() throws SQLException {
        faulty.arm(Fault.getConnection());
        SQLException e = catchThrowableOfType(SQLException.class, () -> faulty.getConnection());
        assertThat(e.getSQLState()).isEqualTo("08001");
        assertThat(faulty.fired()).isTrue();
        try (Connection c = faulty.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void lostConnectionAtTheNthStatementRollsBackAndStaysDead() throws SQLException {
        faulty.arm(Fault.loseConnectionAtStatement(2));
        Connection c = faulty.getConnection();
        c.setAutoCommit(false);
        Statement s = c.createStatement();
        s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
        SQLException e =
                catchThrowableOfType(SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + " VALUES (2)"));
        assertThat(e.getSQLState()).isEqualTo("08006");
        assertThat(catchThrowableOfType(SQLException.class, c::commit).getSQLState())
                .isEqualTo("08006");
        assertThat(c.isValid(1)).isFalse();
        c.close();
        assertThat(rows()).isZero();
        // The pool got no dead connection back: the real one was evicted.
        assertThat(pool.getHikariPoolMXBean().getActiveConnections()).isZero();
    }

    @Test
    void failureBeforeCommitStoresNothing() throws SQLException {
        faulty.arm(Fault.failBeforeCommit());
        assertThat(state(insertAndCommit(2))).isEqualTo("08006");
        assertThat(rows()).isZero();
    }

    @Test
    void lostCommitAcknowledgementStoresEverything() throws SQLException {
        faulty.arm(Fault.loseCommitAcknowledgement());
        assertThat(state(insertAndCommit(2))).isEqualTo("08006");
        assertThat(rows()).isEqualTo(2);
        assertThat(state(insertAndCommit(0))).as("one-shot").isNull();
    }

    @Test
    void deadlockRollsBackButKeepsTheConnection() throws SQLException {
        faulty.arm(Fault.deadlockAtStatement(2));
        try (Connection c = faulty.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO " + table + " VALUES (1)");
                SQLException e = catchThrowableOfType(
                        SQLException.class, () -> s.executeUpdate("INSERT INTO " + table + " VALUES (2)"));
                assertThat(e.getSQLState()).isEqualTo("40001");
                s.executeUpdate("INSERT INTO " + table + " VALUES (3)");
            }
            c.commit();
        }
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void stallDelaysAStatement() throws SQLException {
        faulty.arm(Fault.stallStatement(1, Duration.ofMillis(300)));
        long start = System.nanoTime();
        assertThat(state(insertAndCommit(1))).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(rows()).isEqualTo(1);
    }

    @Test
    void faultForADurationHitsEveryMatchingEvent() throws SQLException {
        faulty.armFor(Fault.getConnection(), Duration.ofMillis(300));
        assertThat(state(catchThrowableOfType(SQLException.class, () -> faulty.getConnection())))
                .isEqualTo("08001");
        assertThat(state(catchThrowableOfType(SQLException.class, () -> faulty.getConnection())))
                .isEqualTo("08001");
        // Refused until the 300 ms are over, then served again.
        Awaitility.await("a connection after the fault's duration")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .ignoreExceptionsInstanceOf(SQLException.class)
                .untilAsserted(() -> faulty.getConnection().close());
    }

    @Test
    void outageRefusesConnectionsUntilItEnds() throws SQLException {
        faulty.outage(Duration.ofMillis(300));
        assertThat(faulty.inOutage()).isTrue();
        SQLException e = catchThrowableOfType(SQLException.class, () -> faulty.getConnection());
        assertThat(e.getSQLState()).isEqualTo("08001");
        Awaitility.await("the outage's end")
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !faulty.inOutage());
        faulty.getConnection().close();
    }

    private static String state(SQLException e) {
        return e == null ? null : e.getSQLState();
    }
}
