package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.StorageException;
import dev.connections.WorkspaceId;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.secret.Secret;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database connection dies after each statement of each write in turn: every time, the write fails with
 * a StorageException and the database holds either the whole change or none of it: no connection without
 * its secret, no secret without its connection, no app without its default.
 */
abstract class JdbcFaultTest {
    private JdbcConnections healthy;
    private Connections healthyFacade;
    private FaultyDataSource faulty;
    private Connections faultyFacade;

    abstract TestDatabase database();

    /** Ends the victim's session on the server; false when the database cannot (embedded H2). */
    abstract boolean kill(java.sql.Connection victim) throws SQLException;

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
        healthyFacade = JdbcAdapterTest.facade(healthy);
        faulty = new FaultyDataSource(database().dataSource(), this::kill);
        faultyFacade = JdbcAdapterTest.facade(JdbcConnections.builder(faulty)
                .tablePrefix(healthy.tables().prefix())
                .build());
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

        for (int k = 1; k <= statements; k++) {
            Setup s = setup();
            DatabaseState before = DatabaseState.read(database().dataSource(), healthy.tables(), s.ws());
            faulty.arm(k);
            Throwable thrown = catchThrowable(() -> operation.action.accept(new Facade(faultyFacade), s));
            faulty.disarm();
            assertThat(thrown)
                    .as("%s with the connection lost after statement %d of %d", operation, k, statements)
                    .isInstanceOf(StorageException.class);
            DatabaseState after = DatabaseState.read(database().dataSource(), healthy.tables(), s.ws());
            assertThat(after.consistent())
                    .as("%s, lost after statement %d: %s", operation, k, after)
                    .isTrue();
            // Nothing committed: the write either never reached the commit or died with it.
            assertThat(after).as("%s, lost after statement %d", operation, k).isEqualTo(before);
        }
    }

    private Setup setup() {
        WorkspaceId ws = WorkspaceId.of("fault-" + UUID.randomUUID());
        Connection a = healthyFacade.addConnection(ws, TestCatalog.ONE, "First", Secret.of("first-key-0001"));
        Connection b = healthyFacade.addConnection(ws, TestCatalog.ONE, "Second", Secret.of("second-key-0002"));
        return new Setup(ws, a, b);
    }
}
