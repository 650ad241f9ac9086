package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.StaleConnectionException;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any sequence of facade writes on an H2 file database keeps the stored state right after every step: exactly
 * one default per app with connections, every connection with its secret, and the same names as a simple model.
 */
class H2InvariantPropertyTest {
    private static final List<IntegrationId> APPS = List.of(TestCatalog.ONE, TestCatalog.TWO);
    private static HikariDataSource pool;
    private static JdbcConnections jdbc;
    private static Connections connections;

    @BeforeContainer
    static void open() {
        HikariConfig config = new HikariConfig();
        Path file = Path.of("target", "h2", "property-" + UUID.randomUUID());
        config.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath() + ";LOCK_TIMEOUT=10000");
        config.setMaximumPoolSize(4);
        pool = new HikariDataSource(config);
        jdbc = JdbcConnections.builder(pool).build();
        jdbc.schema().migrate();
        connections = JdbcAdapterTest.facade(jdbc);
    }

    @AfterContainer
    static void close() {
        pool.close();
    }

    /** Each code picks an operation (code % 5), an app ((code / 5) % 2) and a name or target (code / 10). */
    @Property(tries = 60)
    void invariantsHoldAfterEveryStep(@ForAll @Size(max = 25) List<@IntRange(max = 999) Integer> codes) {
        WorkspaceId ws = WorkspaceId.of("prop-" + UUID.randomUUID());
        Map<IntegrationId, Map<String, String>> model = new HashMap<>();
        APPS.forEach(app -> model.put(app, new HashMap<>()));
        for (int code : codes) {
            IntegrationId app = APPS.get((code / 5) % 2);
            int pick = code / 10;
            List<Connection> current = connections.connections(ws, app);
            Connection target = current.isEmpty() ? null : current.get(pick % current.size());
            String name = "Name " + (pick % 4);
            try {
                switch (code % 5) {
                    case 0 -> {
                        Connection c = connections.addConnection(ws, app, name, Secret.of("key-" + UUID.randomUUID()));
                        model.get(app).put(c.id().toString(), c.name());
                    }
                    case 1 -> {
                        if (target != null) {
                            connections.setDefault(ws, target.id());
                        }
                    }
                    case 2 -> {
                        if (target != null) {
                            connections.deleteConnection(ws, target.id(), target.version());
                            model.get(app).remove(target.id().toString());
                        }
                    }
                    case 3 -> {
                        if (target != null) {
                            Connection c = connections.editConnection(
                                    ws, target.id(), ConnectionEdit.rename(target.version(), name));
                            model.get(app).put(c.id().toString(), c.name());
                        }
                    }
                    default -> {
                        if (target != null) {
                            connections.editConnection(
                                    ws,
                                    target.id(),
                                    ConnectionEdit.replaceApiKey(
                                            target.version(), Secret.of("new-" + UUID.randomUUID())));
                        }
                    }
                }
            } catch (ConnectionValidationException | StaleConnectionException | ConnectionNotFoundException e) {
                // A refused write (duplicate name) must change nothing, which the checks below verify.
            }
            DatabaseState state = DatabaseState.read(pool, jdbc.tables(), ws);
            assertThat(state.consistent()).as("%s", state).isTrue();
            for (IntegrationId a : APPS) {
                Map<String, String> stored = new HashMap<>();
                connections.connections(ws, a).forEach(c -> stored.put(c.id().toString(), c.name()));
                assertThat(stored).isEqualTo(model.get(a));
                assertThat(state.connectionsPerApp().getOrDefault(a.value(), 0)).isEqualTo(stored.size());
            }
        }
    }
}
