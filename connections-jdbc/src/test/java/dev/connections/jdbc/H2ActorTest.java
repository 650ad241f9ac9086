package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.ActorContract;
import org.junit.jupiter.api.AfterEach;

/** Actors on writes, over the JDBC adapter on H2 (the actor never reaches storage). */
class H2ActorTest extends ActorContract {
    private JdbcConnections jdbc;

    @Override
    protected ConnectionRepository createRepository() {
        jdbc = TestDatabase.H2.fresh();
        return jdbc.repository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return jdbc.secretStore();
    }

    @AfterEach
    void dropTables() {
        TestDatabase.H2.drop(jdbc);
    }
}
