package dev.connections.jdbc;

import dev.connections.crypto.KeyUsageCounter;
import dev.connections.tck.KeyUsageCounterContract;
import org.junit.jupiter.params.Parameter;

/** The TCK key-usage counter contract on every database, on fresh tables per test. */
@AcrossDatabases
class JdbcKeyUsageCounterContractTest extends KeyUsageCounterContract implements AcrossDatabases.OnDatabase {
    private JdbcConnections jdbc;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

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
