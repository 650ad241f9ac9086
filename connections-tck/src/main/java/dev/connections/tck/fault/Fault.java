package dev.connections.tck.fault;

import java.time.Duration;
import java.util.Objects;

/**
 * One kind of database fault a {@link FaultInjectingDataSource} can inject, at the {@code nth} matching
 * event after arming (counted from 1): the nth {@code getConnection}, the nth executed statement or the
 * nth commit.
 *
 * <p>Armed with {@link FaultInjectingDataSource#arm(Fault)} it fires once; armed with {@link
 * FaultInjectingDataSource#armFor(Fault, Duration)} it fires at the nth matching event and at every
 * one after it until the duration has passed.
 *
 * @param kind what goes wrong
 * @param nth which matching event after arming is hit first (1 = the next one)
 * @param sqlState the SQLState of the thrown {@link java.sql.SQLException} (unused by {@link Kind#STALL})
 * @param vendorCode the vendor error code of the thrown exception
 * @param stall how long {@link Kind#STALL} makes the statement wait ({@link Duration#ZERO} otherwise)
 */
public record Fault(Kind kind, int nth, String sqlState, int vendorCode, Duration stall) {

    /** SQLState of a refused connection attempt. */
    public static final String UNABLE_TO_CONNECT = "08001";

    /** SQLState of a connection lost mid-conversation. */
    public static final String CONNECTION_FAILURE = "08006";

    /** SQLState of a serialization failure or deadlock victim; every supported dialect retries it. */
    public static final String SERIALIZATION_FAILURE = "40001";

    /** Where the fault strikes. */
    public enum Kind {
        /** {@code getConnection} throws; no connection is handed out. */
        GET_CONNECTION,
        /**
         * A statement throws before it reaches the database, as if the connection were lost (or, with
         * another SQLState, as if the database refused it); with a connection-failure SQLState the
         * connection then behaves as dead and the real one underneath is rolled back.
         */
        STATEMENT,
        /** {@code commit()} throws before the commit is sent: the real connection is rolled back, nothing is stored. */
        BEFORE_COMMIT,
        /** The real commit succeeds, then {@code commit()} throws as if the acknowledgement were lost; the connection is dead. */
        COMMIT_ACK_LOST,
        /** A statement waits {@link Fault#stall()} before it runs, then runs normally. */
        STALL
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sqlState, "sqlState");
        Objects.requireNonNull(stall, "stall");
        if (nth < 1) {
            throw new IllegalArgumentException("nth counts from 1");
        }
    }

    /** The {@code nth} {@code getConnection} after arming fails with SQLState 08001. */
    public static Fault getConnection(int nth) {
        return new Fault(Kind.GET_CONNECTION, nth, UNABLE_TO_CONNECT, 0, Duration.ZERO);
    }

    /** The next {@code getConnection} fails with SQLState 08001. */
    public static Fault getConnection() {
        return getConnection(1);
    }

    /** The {@code nth} statement executed after arming loses its connection (SQLState 08006). */
    public static Fault loseConnectionAtStatement(int nth) {
        return new Fault(Kind.STATEMENT, nth, CONNECTION_FAILURE, 0, Duration.ZERO);
    }

    /**
     * The {@code nth} statement executed after arming fails with {@code sqlState} and {@code vendorCode};
     * unless the SQLState is of class 08 the connection stays usable and its transaction is rolled back,
     * as a database does for a deadlock victim (use {@link #SERIALIZATION_FAILURE} for a retryable one).
     */
    public static Fault failStatement(int nth, String sqlState, int vendorCode) {
        return new Fault(Kind.STATEMENT, nth, sqlState, vendorCode, Duration.ZERO);
    }

    /** The {@code nth} statement executed after arming is picked as a deadlock victim (SQLState 40001). */
    public static Fault deadlockAtStatement(int nth) {
        return failStatement(nth, SERIALIZATION_FAILURE, 0);
    }

    /** The {@code nth} commit after arming fails before it is sent (SQLState 08006); nothing is stored. */
    public static Fault failBeforeCommit(int nth) {
        return new Fault(Kind.BEFORE_COMMIT, nth, CONNECTION_FAILURE, 0, Duration.ZERO);
    }

    /** The next commit fails before it is sent. */
    public static Fault failBeforeCommit() {
        return failBeforeCommit(1);
    }

    /** The {@code nth} commit after arming is stored, then its acknowledgement is lost (SQLState 08006). */
    public static Fault loseCommitAcknowledgement(int nth) {
        return new Fault(Kind.COMMIT_ACK_LOST, nth, CONNECTION_FAILURE, 0, Duration.ZERO);
    }

    /** The next commit is stored, then its acknowledgement is lost. */
    public static Fault loseCommitAcknowledgement() {
        return loseCommitAcknowledgement(1);
    }

    /** The {@code nth} statement executed after arming waits {@code duration} before it runs. */
    public static Fault stallStatement(int nth, Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("A stall cannot be negative");
        }
        return new Fault(Kind.STALL, nth, "", 0, duration);
    }

    /** Whether the thrown exception stands for a lost connection (SQLState class 08). */
    public boolean losesConnection() {
        return sqlState.startsWith("08");
    }

    @Override
    public String toString() {
        return switch (kind) {
            case GET_CONNECTION -> "getConnection #" + nth + " fails";
            case STATEMENT -> "statement #" + nth
                    + (losesConnection() ? " loses the connection" : " fails with " + sqlState);
            case BEFORE_COMMIT -> "commit #" + nth + " fails before it is sent";
            case COMMIT_ACK_LOST -> "commit #" + nth + " is stored but its acknowledgement is lost";
            case STALL -> "statement #" + nth + " stalls " + stall.toMillis() + " ms";
        };
    }
}
