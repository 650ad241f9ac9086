package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.SecretStore;
import dev.connections.tck.CredentialVerificationContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** "Test connection" through the facade on one database: a refused key leaves no row and no secret. */
abstract class JdbcCredentialVerificationTest extends CredentialVerificationContract {
    private final List<JdbcConnections> created = new ArrayList<>();

    abstract TestDatabase database();

    @Override
    protected ConnectionRepository createRepository() {
        JdbcConnections jdbc = database().fresh();
        created.add(jdbc);
        return jdbc.repository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return created.get(created.size() - 1).secretStore();
    }

    @Override
    protected ConnectionStatusStore createStatusStore() {
        return created.get(created.size() - 1).statusStore();
    }

    @AfterEach
    void dropTables() {
        closeFacade();
        created.forEach(jdbc -> database().drop(jdbc));
    }
}
