package dev.connections.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A DataSource whose connection dies after a chosen number of executed statements: the {@link Killer}
 * ends the session on the server (pg_terminate_backend, KILL) or, for an embedded database, the wrapper
 * refuses every further call as a lost connection would, after rolling back underneath.
 */
final class FaultyDataSource extends WrappingDataSource {

    /** Ends the server session of {@code victim}; returns false when the database cannot, so the wrapper fakes it. */
    @FunctionalInterface
    interface Killer {
        boolean kill(Connection victim) throws SQLException;
    }

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate");
    private final Killer killer;
    private final AtomicInteger executed = new AtomicInteger();
    private volatile int failAfter = Integer.MAX_VALUE;
    private volatile boolean loseCommitAnswer;

    FaultyDataSource(DataSource delegate, Killer killer) {
        super(delegate);
        this.killer = killer;
    }

    /** The connection in use dies once {@code statements} more statements have run inside transactions. */
    void arm(int statements) {
        executed.set(0);
        failAfter = statements;
    }

    /** Statements executed since the last {@link #arm}. */
    int executed() {
        return executed.get();
    }

    void disarm() {
        failAfter = Integer.MAX_VALUE;
        loseCommitAnswer = false;
    }

    /** The next COMMIT that follows a write reaches the database, but its answer is lost with the connection. */
    void loseNextCommitAnswer() {
        executed.set(0);
        loseCommitAnswer = true;
    }

    @Override
    protected Connection wrap(Connection real) {
        // dead[0]: the wrapper fakes a lost connection (embedded database); dead[1]: the server ended it.
        boolean[] dead = new boolean[2];
        // Only statements inside a transaction count: the fault is meant to hit a write half-way.
        boolean[] inTransaction = new boolean[1];
        InvocationHandler connectionHandler = (proxy, method, args) -> {
            String name = method.getName();
            if (dead[1] && name.equals("close") && delegate instanceof HikariDataSource pool) {
                // Do not hand the killed session to the next borrower.
                pool.evictConnection(real);
                return null;
            }
            if (dead[0] && !name.equals("close") && !name.equals("isClosed") && !name.equals("rollback")) {
                throw new SQLException("Simulated loss of the database connection", "08006");
            }
            if (name.equals("setAutoCommit")) {
                inTransaction[0] = !((Boolean) args[0]);
            }
            if (name.equals("commit") && loseCommitAnswer && executed.get() > 0) {
                loseCommitAnswer = false;
                real.commit();
                dead[0] = true;
                throw new SQLException("Simulated loss of the connection after COMMIT reached the database", "08006");
            }
            Object result = invoke(real, method, args);
            if (result instanceof Statement statement) {
                return wrapStatement(real, statement, dead, inTransaction, method.getReturnType());
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, connectionHandler);
    }

    private Object wrapStatement(
            Connection real, Statement statement, boolean[] dead, boolean[] inTransaction, Class<?> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (dead[0]) {
                throw new SQLException("Simulated loss of the database connection", "08006");
            }
            Object result = invoke(statement, method, args);
            if (inTransaction[0] && EXECUTE.contains(method.getName()) && executed.incrementAndGet() == failAfter) {
                if (killer.kill(real)) {
                    dead[1] = true;
                } else {
                    // An embedded database cannot lose its connection: roll back as the server would.
                    dead[0] = true;
                    real.rollback();
                }
            }
            return result;
        };
        Class<?> iface = PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {iface}, handler);
    }
}
