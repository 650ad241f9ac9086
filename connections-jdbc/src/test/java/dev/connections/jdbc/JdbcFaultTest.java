package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database connection dies after each statement of each write in turn, before COMMIT: every time, the
 * adapter runs the write again on a fresh connection, the call succeeds, and the database holds the whole
 * change once: no connection without its secret, no secret without its connection, no app without its
 * default.
 */
@AcrossDatabases
class JdbcFaultTest implements AcrossDatabases.OnDatabase {
    private JdbcConnections healthy;
    private Connections healthyFacade;
    private FaultyDataSource faulty;
    private Connections faultyFacade;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    /** Ends the victim's session on the server; false when the database cannot (embedded H2). */
    boolean kill(java.sql.Connection victim) throws SQLException {
        return database.killSession(victim);
    }

    enum Operation {
        ADD((f, s) -> f.connections.addConnection(s.ws, TestCatalog.ONE, "Third", Secret.of("third-key-0003"))),
        ADD_FIRST((f, s) -> f.connections.addConnection(s.ws, TestCatalog.TWO, "First", Secret.of("first-key-0001"))),
        EDIT((f, s) -> f.connections.editConnection(
                s.ws, s.b.id(), ConnectionEdit.of(s.b.version(), "Renamed", Secret.of("new-key-00004")))),
        SET_DEFAULT((f, s) -> f.connections.setDefault(s.ws, s.b.id())),
        DELETE_DEFAULT((f, s) -> f.connections.deleteConnection(s.ws, s.a.id(), s.a.version()));

        final BiConsumer<Facade, Setup> action;

        Operation(BiConsumer<Facade, Setup> action) {
            this.action = action;
        }
    }

    record Facade(Connections connections) {}

    record Setup(WorkspaceId ws, Connection a, Connection b) {}

    @BeforeEach
    void setUp() {
        healthy = database().fresh();
        KeyRing keys = KeyRing.generateForDevelopment();
        healthyFacade = JdbcAdapterTest.facade(healthy, keys);
        faulty = new FaultyDataSource(database().dataSource(), this::kill);
        faultyFacade = JdbcAdapterTest.facade(
                JdbcConnections.builder(faulty)
                        .tablePrefix(healthy.tables().prefix())
                        .build(),
                keys);
    }

    @AfterEach
    void tearDown() {
        database().drop(healthy);
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void connectionDiesAfterEveryStatement(Operation operation) {
        // How many statements the operation runs when nothing goes wrong.
        Setup probe = setup();
        faulty.arm(Integer.MAX_VALUE);
        operation.action.accept(new Facade(faultyFacade), probe);
        int statements = faulty.executed();
        assertThat(statements).isGreaterThan(1);
        DatabaseState expected = DatabaseState.read(database().dataSource(), healthy.tables(), probe.ws());

        for (int k = 1; k <= statements; k++) {
            Setup s = setup();
            faulty.arm(k);
            Throwable thrown = catchThrowable(() -> operation.action.accept(new Facade(faultyFacade), s));
            faulty.disarm();
            assertThat(thrown)
                    .as("%s with the connection lost after statement %d of %d", operation, k, statements)
                    .isNull();
            DatabaseState after = DatabaseState.read(database().dataSource(), healthy.tables(), s.ws());
            assertThat(after.consistent())
                    .as("%s, lost after statement %d: %s", operation, k, after)
                    .isTrue();
            // The same effect as without the fault, applied once (ids and refs are random, so compare shapes).
            assertThat(List.of(
                            after.connectionsPerApp(),
                            after.defaultsPerApp(),
                            after.secretRefs().size()))
                    .as("%s, lost after statement %d: the same effect as without the fault", operation, k)
                    .isEqualTo(List.of(
                            expected.connectionsPerApp(),
                            expected.defaultsPerApp(),
                            expected.secretRefs().size()));
        }
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void commitAnswerLost(Operation operation) {
        Setup probe = setup();
        operation.action.accept(new Facade(healthyFacade), probe);
        DatabaseState expected = DatabaseState.read(database().dataSource(), healthy.tables(), probe.ws());

        Setup s = setup();
        faulty.loseNextCommitAnswer();
        Throwable thrown = catchThrowable(() -> operation.action.accept(new Facade(faultyFacade), s));
        faulty.disarm();
        // The write landed: the facade settles that by reading back and reports success, destroying nothing.
        assertThat(thrown).as("%s with the COMMIT answer lost", operation).isNull();
        DatabaseState after = DatabaseState.read(database().dataSource(), healthy.tables(), s.ws());
        assertThat(after.consistent()).as("%s: %s", operation, after).isTrue();
        assertThat(List.of(
                        after.connectionsPerApp(),
                        after.defaultsPerApp(),
                        after.secretRefs().size()))
                .isEqualTo(List.of(
                        expected.connectionsPerApp(),
                        expected.defaultsPerApp(),
                        expected.secretRefs().size()));
        for (Connection c : healthyFacade.connections(s.ws(), TestCatalog.ONE)) {
            // Every key still decrypts: none was destroyed under a committed row.
            boolean opened = healthyFacade.resolve(s.ws(), c.id()).withKey(key -> key != null);
            assertThat(opened).isTrue();
        }
    }

    private Setup setup() {
        WorkspaceId ws = WorkspaceId.of("fault-" + UUID.randomUUID());
        Connection a = healthyFacade.addConnection(ws, TestCatalog.ONE, "First", Secret.of("first-key-0001"));
        Connection b = healthyFacade.addConnection(ws, TestCatalog.ONE, "Second", Secret.of("second-key-0002"));
        return new Setup(ws, a, b);
    }
}
