package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.crypto.KeyRing;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.tck.fault.PrivatePostgres;
import dev.connections.tck.fault.TcpFaultProxy;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.slf4j.LoggerFactory;

/**
 * Backends SIGKILLed exactly at COMMIT, on a PostgreSQL cluster of the test's own ({@link PrivatePostgres}):
 *
 * <ul>
 *   <li><b>landed, acknowledgement lost</b>: the COMMIT reaches the server through a {@link TcpFaultProxy}
 *       that holds the answer; once the server shows the session idle (committed), its backend gets SIGKILL
 *       (the postmaster then restarts every backend and runs crash recovery) and the held answer is dropped
 *       with a reset;
 *   <li><b>not landed</b>: the backend gets SIGKILL just before the COMMIT is sent;
 *   <li><b>whole server</b>: as the first, but the postmaster's whole process tree gets SIGKILL, and the
 *       cluster is started again while the library retries.
 * </ul>
 *
 * Each write must return success (settled "saved" or run again after "not saved"), be stored exactly once, and
 * its key must decrypt; no key is left unreferenced. Runs only where the server binaries are: {@code
 * CONNECTIONS_TEST_POSTGRES_BIN} ({@code .ci/run} sets it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@EnabledIfEnvironmentVariable(named = PrivatePostgres.BIN_VARIABLE, matches = ".+")
class PostgresKillAtCommitTest {
    private static final KeyRing KEYS =
            KeyRing.builder().primary("killcommit", new byte[32]).build();
    private static final int ROUNDS = 3;

    private PrivatePostgres pg;
    private TcpFaultProxy proxy;
    private HikariDataSource pool;
    private CommitHookDataSource hooked;
    private Connections facade;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final AtomicInteger names = new AtomicInteger();
    private final WorkspaceId ws = WorkspaceId.of("kill-at-commit");

    /** The facade's INFO lines on settling, which say which way each lost COMMIT went. */
    private final ListAppender<ILoggingEvent> settled = new ListAppender<>();

    @BeforeAll
    void start() throws Exception {
        Logger writes = (Logger) LoggerFactory.getLogger("dev.connections.AppWrites");
        writes.setLevel(Level.INFO);
        settled.start();
        writes.addAppender(settled);
        closing.add(() -> {
            writes.detachAppender(settled);
            writes.setLevel(null);
        });
        pg = PrivatePostgres.start(50);
        closing.add(pg);
        proxy = TcpFaultProxy.start("127.0.0.1", pg.port());
        closing.add(proxy);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://" + proxy.host() + ":" + proxy.port() + "/postgres?user=postgres");
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(5_000);
        config.setPoolName("kill-at-commit");
        pool = new HikariDataSource(config);
        closing.add(pool);
        hooked = new CommitHookDataSource(pool);
        JdbcConnections jdbc = JdbcConnections.builder(hooked)
                .tablePrefix("kc_")
                .maxRetryTime(Duration.ofSeconds(60))
                .build();
        jdbc.schema().migrate();
        facade = facade(jdbc);
        closing.add(facade);
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void aCommitThatLandedWhileItsBackendWasKilledIsSettledAsSaved() {
        for (int round = 0; round < ROUNDS; round++) {
            hooked.arm(real -> {
                long pid = backendPid(real);
                proxy.blackhole(TcpFaultProxy.Direction.TO_CLIENT);
                CompletableFuture.runAsync(() -> {
                    awaitCommitted(pid);
                    kill(pid);
                    proxy.reset();
                    proxy.passThrough();
                });
                return true;
            });
            writeAndCheck("landed");
        }
        assertThat(settledAs("was saved although")).isEqualTo(ROUNDS);
    }

    @Test
    void aCommitWhoseBackendWasKilledBeforeItWasSentIsRunAgain() {
        for (int round = 0; round < ROUNDS; round++) {
            hooked.arm(real -> {
                kill(backendPid(real));
                return true;
            });
            writeAndCheck("not-landed");
        }
        assertThat(settledAs("was not saved")).isEqualTo(ROUNDS);
    }

    @Test
    void aCommitThatLandedWhileTheWholeServerWasKilledIsSettledAfterItsRestart() {
        for (int round = 0; round < ROUNDS; round++) {
            hooked.arm(real -> {
                long pid = backendPid(real);
                proxy.blackhole(TcpFaultProxy.Direction.TO_CLIENT);
                CompletableFuture.runAsync(() -> {
                    try {
                        awaitCommitted(pid);
                        pg.killEverything();
                        proxy.reset();
                        proxy.passThrough();
                        pg.startServer();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                return true;
            });
            writeAndCheck("server");
        }
        assertThat(settledAs("was saved although")).isEqualTo(ROUNDS);
    }

    /** How many settling lines since the last call contain {@code text}; starts counting afresh. */
    private long settledAs(String text) {
        List<ILoggingEvent> events = List.copyOf(settled.list);
        settled.list.clear();
        return events.stream()
                .filter(e -> e.getFormattedMessage().contains(text))
                .count();
    }

    /** One add with the armed kill: success, stored once, its key readable, nothing left over. */
    private void writeAndCheck(String kind) {
        String name = kind + "-" + names.incrementAndGet();
        String key = "kc-key-" + name;
        long start = System.nanoTime();
        Connection added = facade.addConnection(ws, TestCatalog.ONE, name, Secret.of(key));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(hooked.fired()).as("the kill ran").isTrue();
        acknowledged.put(name, key);
        System.out.printf("kill at COMMIT (%s): the add returned after %d ms%n", kind, millis);

        try (HikariDataSource direct = directPool();
                Connections healthy = facade(
                        JdbcConnections.builder(direct).tablePrefix("kc_").build())) {
            List<Connection> stored = healthy.connections(ws, TestCatalog.ONE);
            assertThat(stored).extracting(Connection::name).containsOnlyOnce(name);
            assertThat(stored).extracting(Connection::id).contains(added.id());
            // Every acknowledged write so far is there, with its key.
            assertThat(stored).extracting(Connection::name).containsAll(acknowledged.keySet());
            for (Connection c : stored) {
                assertThat(healthy.connection(ws, c.id())).isPresent();
            }
            Connection mine = stored.stream()
                    .filter(c -> c.name().equals(name))
                    .findFirst()
                    .orElseThrow();
            healthy.setDefault(ws, mine.id());
            assertThat(healthy.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                    .isEqualTo(key);
            assertThat(healthy.maintenance().sweepOrphanedSecrets(Duration.ZERO))
                    .isZero();
        }
    }

    private HikariDataSource directPool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.url());
        config.setMaximumPoolSize(2);
        config.setPoolName("kill-at-commit-check");
        return new HikariDataSource(config);
    }

    private static long backendPid(java.sql.Connection real) throws SQLException {
        try (Statement s = real.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Waits until the server shows the session idle: its COMMIT has been carried out. */
    private void awaitCommitted(long pid) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(2))
                .until(() -> {
                    try (java.sql.Connection admin = DriverManager.getConnection(pg.url());
                            PreparedStatement ps =
                                    admin.prepareStatement("SELECT state FROM pg_stat_activity WHERE pid = ?")) {
                        ps.setLong(1, pid);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() && "idle".equals(rs.getString(1));
                        }
                    }
                });
    }

    private static void kill(long pid) {
        ProcessHandle backend = ProcessHandle.of(pid).orElseThrow();
        backend.destroyForcibly();
        backend.onExit().join();
    }

    private static Connections facade(JdbcConnections jdbc) {
        return ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyRing(KEYS)
                .catalog(new TestCatalog())
                .build();
    }
}
