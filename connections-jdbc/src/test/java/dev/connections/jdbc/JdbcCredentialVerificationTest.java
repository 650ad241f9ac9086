package dev.connections.jdbc;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.ConnectionStatusStore;
import dev.connections.spi.SecretStore;
import dev.connections.tck.CredentialVerificationContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;

/** "Test connection" through the facade on every database: a refused key leaves no row and no secret. */
@AcrossDatabases
class JdbcCredentialVerificationTest extends CredentialVerificationContract implements AcrossDatabases.OnDatabase {
    private final List<JdbcConnections> created = new ArrayList<>();

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

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
