package dev.connections.jdbc;

import dev.connections.spi.ConnectionStatusStore;
import dev.connections.tck.ConnectionStatusStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;

/** The status-store contract on every database, in fresh tables per test. */
@AcrossDatabases
class JdbcConnectionStatusStoreTest extends ConnectionStatusStoreContract implements AcrossDatabases.OnDatabase {
    private JdbcConnections jdbc;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    protected ConnectionStatusStore createStore() {
        jdbc = database().fresh();
        return jdbc.statusStore();
    }

    @AfterEach
    void dropTables() {
        database().drop(jdbc);
    }
}
