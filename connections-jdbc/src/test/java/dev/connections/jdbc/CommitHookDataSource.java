package dev.connections.jdbc;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Hands out connections that run a one-shot action exactly when the next {@code commit()} is called. */
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
                        CommitHook hook = armed.getAndSet(null);
                        if (hook != null) {
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
                    return invoke(real, method, args);
                });
    }
}
