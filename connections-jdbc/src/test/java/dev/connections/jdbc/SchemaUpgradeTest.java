package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.crypto.KeyRing;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Upgrading a version-1 database that holds data: {@code migrate()} applies only version 2, every connection
 * and key is still there and readable, and the new status table works at once.
 */
@AcrossDatabases
class SchemaUpgradeTest implements AcrossDatabases.OnDatabase {
    private JdbcConnections jdbc;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @AfterEach
    void dropTables() {
        database().drop(jdbc);
    }

    @Test
    @DisplayName("a version-1 database with connections upgrades to version 2 and keeps every connection and key")
    void upgradesWithData() throws SQLException {
        jdbc = JdbcConnections.builder(database().dataSource())
                .tablePrefix(TestDatabase.randomPrefix())
                .build();
        applyVersionOne(jdbc, database());
        assertThat(jdbc.schema().currentVersion()).isEqualTo(1);

        KeyRing keys = KeyRing.generateForDevelopment();
        WorkspaceId ws = WorkspaceId.of("ws-upgrade");
        Connections before = JdbcAdapterTest.facade(jdbc, keys);
        Connection main = before.addConnection(ws, TestCatalog.ONE, "Main", Secret.of("key-main-before-upgrade"));
        Connection spare = before.addConnection(ws, TestCatalog.ONE, "Spare", Secret.of("key-spare-before-upgrade"));
        List<Connection> listed = before.connections(ws, TestCatalog.ONE);
        before.close();

        assertThat(jdbc.schema().migrate()).as("only version 2 is applied").isEqualTo(1);
        assertThat(jdbc.schema().currentVersion()).isEqualTo(2);

        Connections after = ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .statusStore(jdbc.statusStore())
                .keyRing(keys)
                .catalog(new TestCatalog())
                .build();
        assertThat(after.connections(ws, TestCatalog.ONE)).isEqualTo(listed);
        assertThat(after.resolve(ws, spare.id()).withKey(Secret::reveal)).isEqualTo("key-spare-before-upgrade");
        assertThat(after.resolveDefault(ws, TestCatalog.ONE).connection().id()).isEqualTo(main.id());
        assertThat(after.status(ws, main.id())).isEqualTo(ConnectionStatus.UNKNOWN);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Verification rejected = new Verification(Verification.Status.INVALID, "HTTP 401", 401, now);
        jdbc.statusStore().recordVerification(ws, main.id(), rejected);
        assertThat(jdbc.statusStore().statuses(ws)).isEqualTo(Map.of(main.id(), new ConnectionStatus(rejected, null)));
        after.close();
    }

    /** What an older library left: the version-1 tables and the version row that says so. */
    private static void applyVersionOne(JdbcConnections jdbc, TestDatabase database) throws SQLException {
        SqlStatements sql = jdbc.dialect().parts(jdbc.tables()).sql();
        try (java.sql.Connection c = database.dataSource().getConnection()) {
            Jdbc.execute(c, sql.createVersionTable);
            for (String statement : JdbcSchema.statements(jdbc.schema().script(1))) {
                Jdbc.execute(c, statement);
            }
            Jdbc.execute(c, sql.insertVersion, p -> {
                p.setInt(1, 1);
                p.setString(2, "connections");
                p.setString(3, Instant.now().toString());
            });
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
