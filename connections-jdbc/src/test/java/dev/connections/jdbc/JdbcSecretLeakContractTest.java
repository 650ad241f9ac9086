package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.SecretLeakContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The TCK leak scan on one database; the storage dump is every column of every table under the test's
 * prefix, so the plain keys are looked for at rest as well.
 */
abstract class JdbcSecretLeakContractTest extends SecretLeakContract {
    private JdbcConnections jdbc;

    abstract TestDatabase database();

    @Override
    protected ConnectionRepository createRepository() {
        jdbc = database().fresh();
        return jdbc.repository();
    }

    @Override
    protected SecretStore createSecretStore() {
        return jdbc.secretStore();
    }

    @Override
    protected List<String> storageDump() {
        List<String> dump = DatabaseState.dump(database().dataSource(), jdbc.tables());
        // Control: the dump does see the scenario's rows, or a clean scan would prove nothing.
        assertThat(dump).as("stored cells").contains(ws.value());
        return dump;
    }

    @AfterEach
    void dropTables() {
        if (jdbc != null) {
            database().drop(jdbc);
        }
    }
}
