package dev.connections.tck.fault;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DataSource} wrapper that injects database faults on demand: a refused {@code getConnection},
 * a connection lost at the nth statement, a failure before COMMIT, a COMMIT whose acknowledgement is lost,
 * a stalled statement, or an outage during which every {@code getConnection} fails.
 *
 * <p>Typical use: build the adapter under test on {@code new FaultInjectingDataSource(pool)}, run an
 * operation after {@link #startCounting()} to learn how many statements and commits it runs, then for
 * each {@link #faultPoints() fault point} run it again with that fault {@linkplain FaultPoint#arm() armed}.
 * {@link dev.connections.tck.ConnectionsFaultContract} does exactly that.
 *
 * <p>A simulated lost connection behaves as dead from then on (every call but {@code close}, {@code
 * isClosed}, {@code isValid} and {@code rollback} throws SQLState 08006) and the real connection
 * underneath is rolled back, so nothing of its transaction is stored. When it is closed, the real
 * connection is evicted from a HikariCP pool underneath (found through {@code evictConnection}, by
 * reflection, so this class needs no HikariCP dependency), so the pool never hands it out again; without
 * such a pool it is closed.
 *
 * <p>Counters are shared by every thread; arm faults while the operation under test is the only user,
 * or accept that whichever thread passes the nth point is hit. Thread-safe.
 */
public final class FaultInjectingDataSource implements DataSource, FaultInjector {
    private static final Set<String> EXECUTE = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");

    private final DataSource delegate;
    private final AtomicInteger connectionsRequested = new AtomicInteger();
    private final AtomicInteger statementsExecuted = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final AtomicInteger faultsInjected = new AtomicInteger();
    private volatile @Nullable Armed armed;
    private volatile long outageUntilNanos;
    private volatile boolean outage;

    /** A fault armed once (fires once) or until a deadline. */
    private record Armed(Fault fault, AtomicBoolean spent, boolean oneShot, long untilNanos) {
        boolean active() {
            return oneShot ? !spent.get() : System.nanoTime() - untilNanos < 0;
        }
    }

    /** Wraps {@code delegate}, typically a connection pool; no fault is armed. */
    public FaultInjectingDataSource(DataSource delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped DataSource, for healthy access to the same database. */
    public DataSource delegate() {
        return delegate;
    }

    // ---- arming -------------------------------------------------------------------------------------

    /** Arms {@code fault} to fire once; replaces any armed fault and restarts the counters. */
    public void arm(Fault fault) {
        resetCounters();
        armed = new Armed(fault, new AtomicBoolean(), true, 0);
    }

    /**
     * Arms {@code fault} for {@code duration}: it fires at its nth matching event and at every matching
     * event after that, until the duration has passed. Replaces any armed fault and restarts the counters.
     */
    public void armFor(Fault fault, Duration duration) {
        resetCounters();
        armed = new Armed(fault, new AtomicBoolean(), false, System.nanoTime() + duration.toNanos());
    }

    /** Every {@code getConnection} fails with SQLState 08001 for {@code duration} from now. */
    @Override
    public void outage(Duration duration) {
        outageUntilNanos = System.nanoTime() + duration.toNanos();
        outage = true;
    }

    /** Whether an outage started by {@link #outage} is still going on. */
    public boolean inOutage() {
        return outage && System.nanoTime() - outageUntilNanos < 0;
    }

    @Override
    public void disarm() {
        armed = null;
        outage = false;
    }

    @Override
    public void startCounting() {
        disarm();
        resetCounters();
    }

    /** Zeroes the counters (the armed fault's own count restarts with them). */
    public void resetCounters() {
        connectionsRequested.set(0);
        statementsExecuted.set(0);
        commits.set(0);
        faultsInjected.set(0);
    }

    /**
     * Fault points of the operation run since {@link #startCounting()}: the first {@code getConnection},
     * a lost connection at each executed statement, and a failure before, and a lost acknowledgement
     * after, each commit.
     */
    @Override
    public List<FaultPoint> faultPoints() {
        List<Fault> faults = new ArrayList<>();
        if (connectionsRequested() > 0) {
            faults.add(Fault.getConnection());
        }
        for (int n = 1; n <= statementsExecuted(); n++) {
            faults.add(Fault.loseConnectionAtStatement(n));
        }
        for (int n = 1; n <= commits(); n++) {
            faults.add(Fault.failBeforeCommit(n));
            faults.add(Fault.loseCommitAcknowledgement(n));
        }
        return faults.stream()
                .map(f -> new FaultPoint(f.toString(), () -> arm(f)))
                .toList();
    }

    /**
     * A serialization failure (SQLState 40001, which every supported dialect retries) at each statement
     * executed since {@link #startCounting()}: inside a unit of work it makes the adapter run the whole
     * unit again, so a test can check that a unit of work that runs twice does no harm.
     */
    public List<FaultPoint> deadlockPoints() {
        List<FaultPoint> points = new ArrayList<>();
        for (int n = 1; n <= statementsExecuted(); n++) {
            Fault f = Fault.deadlockAtStatement(n);
            points.add(new FaultPoint(f.toString(), () -> arm(f)));
        }
        return points;
    }

    /** {@code getConnection} calls since the counters were last reset (failed ones included). */
    public int connectionsRequested() {
        return connectionsRequested.get();
    }

    /** Statements executed (or attempted) since the counters were last reset. */
    public int statementsExecuted() {
        return statementsExecuted.get();
    }

    /** Commits attempted since the counters were last reset. */
    public int commits() {
        return commits.get();
    }

    /** Faults injected since the counters were last reset (outage refusals included). */
    public int faultsInjected() {
        return faultsInjected.get();
    }

    /** Whether the armed one-shot fault has fired (false when none is armed). */
    public boolean fired() {
        Armed a = armed;
        return a != null && a.spent.get();
    }

    /** The armed fault if {@code kind} matches, this is its nth event and it is still active; marks a one-shot spent. */
    private @Nullable Fault strike(Fault.Kind kind, int count) {
        Armed a = armed;
        if (a == null || a.fault.kind() != kind || !a.active()) {
            return null;
        }
        if (a.oneShot) {
            if (count != a.fault.nth() || !a.spent.compareAndSet(false, true)) {
                return null;
            }
        } else if (count < a.fault.nth()) {
            return null;
        }
        faultsInjected.incrementAndGet();
        return a.fault;
    }

    private @Nullable Fault strikeStatement(int count) {
        Fault f = strike(Fault.Kind.STATEMENT, count);
        return f != null ? f : strike(Fault.Kind.STALL, count);
    }

    // ---- DataSource ---------------------------------------------------------------------------------

    @Override
    public Connection getConnection() throws SQLException {
        refuseIfFaulty();
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        refuseIfFaulty();
        return wrap(delegate.getConnection(username, password));
    }

    private void refuseIfFaulty() throws SQLException {
        int count = connectionsRequested.incrementAndGet();
        if (inOutage()) {
            faultsInjected.incrementAndGet();
            throw new SQLException("Simulated outage: the database is unreachable", Fault.UNABLE_TO_CONNECT);
        }
        Fault f = strike(Fault.Kind.GET_CONNECTION, count);
        if (f != null) {
            throw new SQLException("Simulated failure to connect to the database", f.sqlState(), f.vendorCode());
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }

    // ---- wrapping -----------------------------------------------------------------------------------

    /** The state one handed-out connection shares with its statements. */
    private final class Session {
        final Connection real;
        volatile boolean dead;
        volatile boolean autoCommit = true;

        Session(Connection real) throws SQLException {
            this.real = real;
            this.autoCommit = real.getAutoCommit();
        }

        SQLException die(String message, String sqlState, int vendorCode) {
            dead = true;
            try {
                if (!real.getAutoCommit()) {
                    real.rollback();
                }
            } catch (SQLException ignored) {
                // The real connection is evicted on close anyway.
            }
            return new SQLException(message, sqlState, vendorCode);
        }

        SQLException deadError() {
            return new SQLException(
                    "Simulated loss of the database connection: the connection is closed", Fault.CONNECTION_FAILURE);
        }

        void close() throws SQLException {
            if (dead && evict(real)) {
                return;
            }
            if (dead) {
                // No pool to evict from: a dead connection is not used again either way.
                real.close();
                return;
            }
            real.close();
        }
    }

    private Connection wrap(Connection real) throws SQLException {
        Session session = new Session(real);
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            switch (name) {
                case "close" -> {
                    session.close();
                    return null;
                }
                case "isClosed" -> {
                    return session.dead || real.isClosed();
                }
                case "isValid" -> {
                    return !session.dead && real.isValid((Integer) args[0]);
                }
                case "unwrap", "isWrapperFor", "equals", "hashCode", "toString" -> {
                    return invoke(real, method, args);
                }
                default -> {}
            }
            if (session.dead) {
                if (name.equals("rollback")) {
                    return null;
                }
                throw session.deadError();
            }
            if (name.equals("setAutoCommit")) {
                session.autoCommit = (Boolean) args[0];
            }
            if (name.equals("commit")) {
                int count = commits.incrementAndGet();
                Fault before = strike(Fault.Kind.BEFORE_COMMIT, count);
                if (before != null) {
                    throw session.die(
                            "Simulated loss of the database connection before COMMIT was sent",
                            before.sqlState(),
                            before.vendorCode());
                }
                Fault after = strike(Fault.Kind.COMMIT_ACK_LOST, count);
                real.commit();
                if (after != null) {
                    session.dead = true;
                    throw new SQLException(
                            "Simulated loss of the database connection after COMMIT was sent",
                            after.sqlState(),
                            after.vendorCode());
                }
                return null;
            }
            Object result = invoke(real, method, args);
            if (result instanceof Statement statement) {
                return wrapStatement(session, statement, method.getReturnType());
            }
            return result;
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Object wrapStatement(Session session, Statement statement, Class<?> type) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (name.equals("close") || name.equals("isClosed")) {
                return invoke(statement, method, args);
            }
            if (name.equals("getConnection")) {
                throw new UnsupportedOperationException("getConnection on a wrapped statement");
            }
            if (session.dead) {
                throw session.deadError();
            }
            if (EXECUTE.contains(name)) {
                Fault f = strikeStatement(statementsExecuted.incrementAndGet());
                if (f != null && f.kind() == Fault.Kind.STALL) {
                    Thread.sleep(f.stall().toMillis());
                } else if (f != null && f.losesConnection()) {
                    throw session.die("Simulated loss of the database connection", f.sqlState(), f.vendorCode());
                } else if (f != null) {
                    // A deadlock victim: the database rolls the transaction back, the connection lives on.
                    if (!session.autoCommit) {
                        session.real.rollback();
                    }
                    throw new SQLException("Simulated failure of a statement", f.sqlState(), f.vendorCode());
                }
            }
            return invoke(statement, method, args);
        };
        Class<?> iface = CallableStatement.class.isAssignableFrom(type)
                ? CallableStatement.class
                : PreparedStatement.class.isAssignableFrom(type) ? PreparedStatement.class : Statement.class;
        return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {iface}, handler);
    }

    /** Evicts {@code real} from a pool underneath that can (HikariCP's {@code evictConnection}); false when none can. */
    private boolean evict(Connection real) {
        try {
            Method evict = delegate.getClass().getMethod("evictConnection", Connection.class);
            evict.invoke(delegate, real);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    private static Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
