package dev.connections.jdbc;

import dev.connections.spi.ConnectionStatusStore;
import dev.connections.tck.ConnectionStatusStoreContract;
import org.junit.jupiter.api.AfterEach;

/** The status-store contract on one database, in fresh tables per test. */
abstract class JdbcConnectionStatusStoreTest extends ConnectionStatusStoreContract {
    private JdbcConnections jdbc;

    abstract TestDatabase database();

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
