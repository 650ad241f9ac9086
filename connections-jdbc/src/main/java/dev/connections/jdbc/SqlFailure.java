package dev.connections.jdbc;

/** The kinds of database failure that decide whether a statement or transaction may run again. */
enum SqlFailure {
    /** The session is gone (killed, network, restart): a fresh connection may succeed. */
    CONNECTION_LOST,
    /** Deadlock, serialization failure or lock timeout: the database rolled back; running again may succeed. */
    CONFLICT,
    /**
     * The database refuses writes (read-only, e.g. during a failover): not retried, reported as {@link
     * dev.connections.error.StorageReadOnlyException}.
     */
    READ_ONLY,
    /** A constraint refused the change: running it again gives the same answer. */
    CONSTRAINT,
    /** Anything else: not retried. */
    OTHER;

    /** Whether running the same work again, on a fresh connection, can succeed. */
    boolean isTransient() {
        return this == CONNECTION_LOST || this == CONFLICT;
    }
}
