package dev.connections.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Hands out connections that run a one-shot action exactly when the next COMMIT is sent: at {@code commit()}, or
 * at the execution of a statement that ends in COMMIT (on PostgreSQL the adapter sends a unit of work's COMMIT
 * with its last writes, and the driver's {@code commit()} then sends nothing).
 */
final class CommitHookDataSource extends WrappingDataSource {
    /** What runs at COMMIT, on the committing thread, with the real connection. */
    @FunctionalInterface
    interface CommitHook {
        /** Runs before the real {@code commit()}; returns whether that commit is still called. */
        boolean atCommit(Connection real) throws Exception;
    }

    private final AtomicReference<@Nullable CommitHook> armed = new AtomicReference<>();

    CommitHookDataSource(DataSource delegate) {
        super(delegate);
    }

    /** Runs {@code hook} at the next commit of any connection, once. */
    void arm(CommitHook hook) {
        armed.set(hook);
    }

    boolean fired() {
        return armed.get() == null;
    }

    @Override
    protected Connection wrap(Connection real) {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("commit")) {
                        fire(real);
                    }
                    Object result = invoke(real, method, args);
                    if (method.getName().equals("prepareStatement")
                            && args[0] instanceof String sql
                            && sql.stripTrailing().endsWith("COMMIT")) {
                        return committing((PreparedStatement) result, real);
                    }
                    return result;
                });
    }

    private PreparedStatement committing(PreparedStatement statement, Connection real) {
        return (PreparedStatement) Proxy.newProxyInstance(
                PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("execute")) {
                        fire(real);
                    }
                    return invoke(statement, method, args);
                });
    }

    private void fire(Connection real) throws SQLException {
        CommitHook hook = armed.getAndSet(null);
        if (hook == null) {
            return;
        }
        boolean commit;
        try {
            commit = hook.atCommit(real);
        } catch (Exception e) {
            throw new SQLException("The commit hook failed", "XX000", e);
        }
        if (!commit) {
            throw new SQLException("Simulated loss of the connection at COMMIT", "08006");
        }
    }
}
