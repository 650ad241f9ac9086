package dev.connections.jdbc;

import dev.connections.crypto.KeyUsageCounter;
import dev.connections.tck.KeyUsageCounterContract;

/** The TCK key-usage counter contract on one database, on fresh tables per test. */
abstract class JdbcKeyUsageCounterContractTest extends KeyUsageCounterContract {
    private JdbcConnections jdbc;

    abstract TestDatabase database();

    @Override
    protected KeyUsageCounter createCounter() {
        jdbc = database().fresh();
        return jdbc.keyUsageCounter();
    }

    @Override
    protected void release(KeyUsageCounter counter) {
        database().drop(jdbc);
    }
}
