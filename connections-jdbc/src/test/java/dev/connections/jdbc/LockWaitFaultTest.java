package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.crypto.KeyRing;
import dev.connections.error.StorageException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A stuck lock: another session (here another adapter instance, frozen inside its unit of work) holds an app's
 * lock and does not let go. A write to that app waits at most the lock timeout per attempt, is retried as a
 * conflict within the retry budget, and then fails with a {@link StorageException} that says nothing was
 * changed; once the holder lets go the write goes through.
 */
@AcrossDatabases.ServersAndDrivers
class LockWaitFaultTest implements AcrossDatabases.OnDatabase {
    @Parameter(0)
    TestDatabase db;

    private static final KeyRing KEYS =
            KeyRing.builder().primary("lockwait", new byte[32]).build();
    private static final Duration MAX_RETRY_TIME = Duration.ofSeconds(3);

    private @Nullable TestDatabase database;
    private @Nullable JdbcConnections jdbc;

    @AfterEach
    void drop() {
        if (database != null) {
            database.drop(jdbc);
        }
    }

    @Override
    public TestDatabase database() {
        return db;
    }

    @Test
    void aWriteBehindAStuckLockFailsWithinTheBudgetAndNothingIsChanged() throws Exception {
        database = db;
        String prefix = "lw" + TestDatabase.randomPrefix();
        jdbc = JdbcConnections.builder(db.dataSource())
                .tablePrefix(prefix)
                .maxRetryTime(MAX_RETRY_TIME)
                .build();
        jdbc.schema().migrate();
        WorkspaceId ws = WorkspaceId.of("lockwait-" + prefix);
        JdbcConnections holderJdbc =
                JdbcConnections.builder(db.dataSource()).tablePrefix(prefix).build();

        ExecutorService holder = Executors.newSingleThreadExecutor();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (Connections facade = facade(jdbc)) {
            facade.addConnection(ws, TestCatalog.ONE, "first", Secret.of("lockwait-first"));
            Future<?> holding = holder.submit(() -> holderJdbc.repository().modify(ws, TestCatalog.ONE, app -> {
                held.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();

            long start = System.nanoTime();
            Throwable failure =
                    catchThrowable(() -> facade.addConnection(ws, TestCatalog.ONE, "second", Secret.of("lockwait-2")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            release.countDown();
            holding.get(30, TimeUnit.SECONDS);

            System.out.printf("lock wait %s: the write failed after %d ms with %s%n", db, took.toMillis(), failure);
            assertThat(failure)
                    .isInstanceOf(StorageException.class)
                    .hasMessageContaining("kept failing")
                    .hasMessageContaining("nothing was changed");
            // Ended by the database's lock timeout, not by the client's statement timeout.
            SQLException cause = (SQLException) failure.getCause();
            if (db.dialect() == JdbcDialect.POSTGRESQL) {
                assertThat(cause.getSQLState()).isEqualTo("55P03");
            } else {
                assertThat(cause.getErrorCode()).isEqualTo(1205);
            }
            // Generous: the budget, one more lock wait, and a loaded machine.
            assertThat(took)
                    .isLessThan(MAX_RETRY_TIME
                            .plus(JdbcTimeouts.DEFAULT_LOCK_TIMEOUT)
                            .plusSeconds(5));

            assertThat(facade.connections(ws, TestCatalog.ONE))
                    .extracting(Connection::name)
                    .containsExactly("first");
            facade.addConnection(ws, TestCatalog.ONE, "second", Secret.of("lockwait-2"));
            assertThat(facade.connections(ws, TestCatalog.ONE)).hasSize(2);
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
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
