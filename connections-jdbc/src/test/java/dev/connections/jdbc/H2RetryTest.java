package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.error.StorageException;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SecretRef;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Deadlocks and serialization failures re-run the whole unit of work a bounded number of times. */
class H2RetryTest {
    private JdbcConnections healthy;
    private final WorkspaceId ws = WorkspaceId.of("retry-" + UUID.randomUUID());

    @BeforeEach
    void setUp() {
        healthy = TestDatabase.H2.fresh();
    }

    @AfterEach
    void tearDown() {
        TestDatabase.H2.drop(healthy);
    }

    @Test
    @DisplayName("a unit of work that meets two serialization failures is re-run and committed once")
    void retriesThenCommits() {
        ConflictingDataSource conflicting = new ConflictingDataSource(TestDatabase.H2.dataSource(), 2, "40001");
        JdbcConnections jdbc = over(conflicting, 5);
        AtomicInteger runs = new AtomicInteger();
        jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
            runs.incrementAndGet();
            state.insert(
                    JdbcAdapterTest.row(ConnectionId.random(), ws, TestCatalog.ONE, "Only", true, SecretRef.random()));
            return null;
        });
        assertThat(runs).hasValue(1); // the failures hit the lock statement, before the work
        assertThat(conflicting.failures).hasValue(2);
        assertThat(healthy.repository().list(ws, TestCatalog.ONE)).hasSize(1);
    }

    @Test
    @DisplayName("a deadlock on every attempt ends, after maxAttempts, in a StorageException with nothing stored")
    void givesUpAfterMaxAttempts() {
        // H2 reports a deadlock as SQLState 40001. (Not PostgreSQL's 40P01 under a forced PostgreSQL dialect:
        // that dialect's statements are PostgreSQL's own, which H2 does not parse.)
        ConflictingDataSource conflicting =
                new ConflictingDataSource(TestDatabase.H2.dataSource(), Integer.MAX_VALUE, "40001");
        JdbcConnections jdbc = over(conflicting, 3);
        assertThatThrownBy(() -> jdbc.repository().modify(ws, TestCatalog.ONE, state -> null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("kept failing (3 attempts")
                .hasMessageContaining("nothing was changed")
                .hasCauseInstanceOf(SQLException.class);
        assertThat(conflicting.failures).hasValue(3);
        assertThat(healthy.repository().list(ws, TestCatalog.ONE)).isEmpty();
    }

    @Test
    @DisplayName("other database errors are not retried")
    void otherErrorsFailAtOnce() {
        ConflictingDataSource conflicting =
                new ConflictingDataSource(TestDatabase.H2.dataSource(), Integer.MAX_VALUE, "42000");
        JdbcConnections jdbc = over(conflicting, 5);
        assertThatThrownBy(() -> jdbc.repository().modify(ws, TestCatalog.ONE, state -> null))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("nothing was changed");
        assertThat(conflicting.failures).hasValue(1);
    }

    private JdbcConnections over(DataSource dataSource, int maxAttempts) {
        return JdbcConnections.builder(dataSource)
                .tablePrefix(healthy.tables().prefix())
                .maxAttempts(maxAttempts)
                .build();
    }

    /** Fails the first {@code times} app-lock statements with the given SQLState. */
    static final class ConflictingDataSource extends WrappingDataSource {
        private final int times;
        private final String sqlState;
        final AtomicInteger failures = new AtomicInteger();

        ConflictingDataSource(DataSource delegate, int times, String sqlState) {
            super(delegate);
            this.times = times;
            this.sqlState = sqlState;
        }

        @Override
        protected Connection wrap(Connection real) {
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement")
                                && ((String) args[0]).contains("app_locks")
                                && ((String) args[0]).contains("FOR UPDATE")) {
                            PreparedStatement ps = real.prepareStatement((String) args[0]);
                            return Proxy.newProxyInstance(
                                    PreparedStatement.class.getClassLoader(),
                                    new Class<?>[] {PreparedStatement.class},
                                    (p, m, a) -> {
                                        if (m.getName().startsWith("execute") && failures.get() < times) {
                                            failures.incrementAndGet();
                                            throw new SQLException("simulated conflict", sqlState);
                                        }
                                        return invoke(ps, m, a);
                                    });
                        }
                        return invoke(real, method, args);
                    });
        }
    }
}
