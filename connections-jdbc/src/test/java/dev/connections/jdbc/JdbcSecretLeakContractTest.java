package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.SecretLeakContract;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.Parameter;
import org.slf4j.LoggerFactory;

/**
 * The TCK leak scan on every database; the storage dump is every column of every table under the test's
 * prefix, so the plain keys are looked for at rest as well.
 */
@AcrossDatabases
class JdbcSecretLeakContractTest extends SecretLeakContract implements AcrossDatabases.OnDatabase {
    private JdbcConnections jdbc;
    private Logger root;
    private @Nullable Appender<ILoggingEvent> console;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    protected ConnectionRepository createRepository() {
        muteConsole();
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

    // The contract raises every configured logger to TRACE and captures the lines itself before it asks for
    // the repository; on the console that is thousands of driver packet traces (MariaDB), so the console
    // appender sits out this test from the first adapter call.
    private void muteConsole() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        console = root.getAppender("STDOUT");
        if (console != null) {
            root.detachAppender(console);
        }
    }

    @AfterEach
    void dropTablesAndUnmute() {
        try {
            if (jdbc != null) {
                database().drop(jdbc);
            }
        } finally {
            if (console != null) {
                root.addAppender(console);
            }
        }
    }
}
