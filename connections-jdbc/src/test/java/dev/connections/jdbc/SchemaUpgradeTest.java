package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.GrantType;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.OAuthGrant;
import dev.connections.crypto.KeyRing;
import dev.connections.id.ConnectionId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretRef;
import dev.connections.spi.AuthorizationState;
import dev.connections.verify.ConnectionStatus;
import dev.connections.verify.Verification;
import java.net.URI;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Upgrading a database an older library left, holding data: {@code migrate()} applies only the missing versions,
 * every connection and key is still there and readable (with no OAuth grant: they are API keys), and what the new
 * versions add works at once.
 *
 * <p>The older library's rows are made by this library on tables of their own and copied, column by column of the
 * old version, into the old-version tables under test: the same bytes an older library wrote (its statements wrote
 * exactly these columns), with keys sealed by the real cipher.
 */
@AcrossDatabases
class SchemaUpgradeTest implements AcrossDatabases.OnDatabase {
    /** The columns of version 1's connection rows, without MariaDB's and H2's generated {@code default_key}. */
    private static final String V1_CONNECTION_COLUMNS = "workspace, id, integration, name, name_key, secret_ref,"
            + " key_hint, is_default, settings, created_at, updated_at, version";

    private static final String SECRET_COLUMNS = "ref, workspace, connection_id, format, key_id, sealed";
    private static final String STATUS_COLUMNS =
            "workspace, connection_id, verified_at, verification, verification_reason, verification_http, last_used_at";

    private @Nullable JdbcConnections jdbc;
    private @Nullable JdbcConnections source;

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @AfterEach
    void dropTables() {
        database().drop(jdbc);
        database().drop(source);
    }

    @Test
    @DisplayName(
            "a version-1 database with connections upgrades to the latest version and keeps every connection and key")
    void upgradesVersionOneWithData() throws SQLException {
        jdbc = JdbcConnections.builder(database().dataSource())
                .tablePrefix(TestDatabase.randomPrefix())
                .build();
        applyUpTo(jdbc, database(), 1);
        assertThat(jdbc.schema().currentVersion()).isEqualTo(1);

        KeyRing keys = KeyRing.generateForDevelopment();
        WorkspaceId ws = WorkspaceId.of("ws-upgrade");
        OlderData old = olderLibraryData(keys, ws, false);

        assertThat(jdbc.schema().migrate()).as("versions 2 and 3 are applied").isEqualTo(2);
        assertThat(jdbc.schema().currentVersion())
                .isEqualTo(3)
                .isEqualTo(jdbc.schema().latestVersion());

        Connections after = facade(keys);
        assertThat(after.connections(ws, TestCatalog.ONE)).isEqualTo(old.listed());
        assertThat(after.connections(ws, TestCatalog.ONE))
                .allSatisfy(c -> assertThat(c.grant()).isNull());
        assertThat(after.resolve(ws, old.spare().id()).withKey(Secret::reveal)).isEqualTo("key-spare-before-upgrade");
        assertThat(after.resolveDefault(ws, TestCatalog.ONE).connection().id())
                .isEqualTo(old.main().id());
        assertThat(after.status(ws, old.main().id())).isEqualTo(ConnectionStatus.UNKNOWN);

        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Verification rejected = new Verification(Verification.Status.INVALID, "HTTP 401", 401, now);
        jdbc.statusStore().recordVerification(ws, old.main().id(), rejected);
        assertThat(jdbc.statusStore().statuses(ws))
                .isEqualTo(Map.of(old.main().id(), new ConnectionStatus(rejected, null)));
        newFeaturesWork(ws);
        after.close();
    }

    @Test
    @DisplayName(
            "a version-2 database with connections, keys and statuses upgrades to version 3: old rows unchanged with"
                    + " no grant, OAuth grants and authorization states work at once")
    void upgradesVersionTwoWithData() throws SQLException {
        jdbc = JdbcConnections.builder(database().dataSource())
                .tablePrefix(TestDatabase.randomPrefix())
                .build();
        applyUpTo(jdbc, database(), 2);
        assertThat(jdbc.schema().currentVersion()).isEqualTo(2);

        KeyRing keys = KeyRing.generateForDevelopment();
        WorkspaceId ws = WorkspaceId.of("ws-upgrade-2");
        OlderData old = olderLibraryData(keys, ws, true);
        Map<ConnectionId, ConnectionStatus> statusesBefore = old.statuses();
        assertThat(statusesBefore).containsKey(old.main().id());

        assertThat(jdbc.schema().migrate()).as("only version 3 is applied").isEqualTo(1);
        assertThat(jdbc.schema().currentVersion()).isEqualTo(3);
        assertThat(jdbc.schema().migrate()).as("and only once").isZero();

        Connections after = facade(keys);
        assertThat(after.connections(ws, TestCatalog.ONE)).isEqualTo(old.listed());
        assertThat(after.connections(ws, TestCatalog.TWO)).containsExactly(old.other());
        assertThat(jdbc.repository().list(ws, TestCatalog.ONE)).allSatisfy(c -> {
            assertThat(c.grant()).isNull();
            assertThat(c.isOAuth()).isFalse();
        });
        assertThat(after.resolve(ws, old.spare().id()).withKey(Secret::reveal)).isEqualTo("key-spare-before-upgrade");
        assertThat(after.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("key-main-before-upgrade");
        assertThat(after.resolveDefault(ws, TestCatalog.TWO).withKey(Secret::reveal))
                .isEqualTo("key-other-before-upgrade");
        assertThat(jdbc.statusStore().statuses(ws)).isEqualTo(statusesBefore);

        // An old row is still editable after the upgrade, and keeps its null grant.
        long spareVersion =
                jdbc.repository().find(ws, old.spare().id()).orElseThrow().version();
        Connection renamed =
                after.editConnection(ws, old.spare().id(), ConnectionEdit.rename(spareVersion, "Spare renamed"));
        assertThat(jdbc.repository().find(ws, old.spare().id())).contains(renamed);
        assertThat(renamed.grant()).isNull();
        after.close();

        newFeaturesWork(ws);
    }

    /** An OAuth connection and an authorization state are stored and read back on the upgraded tables. */
    private void newFeaturesWork(WorkspaceId ws) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Connection oauth = new Connection(
                ConnectionId.random(),
                ws,
                TestCatalog.THREE,
                "Slack",
                true,
                SecretRef.random(),
                "…tok1",
                Map.of(),
                now,
                now,
                1,
                new OAuthGrant(
                        GrantType.AUTHORIZATION_CODE,
                        now.plus(Duration.ofHours(12)),
                        List.of("chat:write", "channels:read"),
                        OAuthGrant.Status.ACTIVE));
        jdbc.repository().modify(ws, TestCatalog.THREE, state -> {
            state.insert(oauth);
            return null;
        });
        assertThat(jdbc.repository().find(ws, oauth.id())).contains(oauth);
        Connection refused = oauth.withGrant(oauth.grant().refused(), now.plusMillis(1));
        jdbc.repository().modify(ws, TestCatalog.THREE, state -> {
            state.update(refused);
            return null;
        });
        assertThat(jdbc.repository().findDefault(ws, TestCatalog.THREE)).contains(refused);

        AuthorizationState started = new AuthorizationState(
                "dGhlLWhhc2gtb2YtYS1zdGF0ZS1mb3ItdGhlLXVwZ3JhZGU",
                ws,
                TestCatalog.THREE,
                "user-1",
                ConnectionId.random(),
                false,
                "Slack (second)",
                URI.create("https://app.example.com/oauth/callback"),
                SecretRef.random(),
                new SealedSecret(1, "dev-key", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
                now,
                now.plus(Duration.ofMinutes(10)));
        jdbc.repository().saveAuthorizationState(started);
        assertThat(jdbc.repository().purgeAuthorizationStates(now)).isZero();
        assertThat(jdbc.repository().takeAuthorizationState(started.stateHash()))
                .contains(started);
        assertThat(jdbc.repository().takeAuthorizationState(started.stateHash()))
                .isEmpty();
    }

    private Connections facade(KeyRing keys) {
        return ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .statusStore(jdbc.statusStore())
                .keyRing(keys)
                .catalog(new TestCatalog())
                .build();
    }

    /**
     * What an older library left in the tables under test: two connections of one app and one of another, their
     * sealed keys, and (from version 2) their statuses.
     */
    private OlderData olderLibraryData(KeyRing keys, WorkspaceId ws, boolean withStatuses) throws SQLException {
        source = database().fresh();
        Connections writer = ConnectionsBuilder.newBuilder()
                .repository(source.repository())
                .secretStore(source.secretStore())
                .statusStore(source.statusStore())
                .keyRing(keys)
                .catalog(new TestCatalog())
                .build();
        Connection main = writer.addConnection(ws, TestCatalog.ONE, "Main", Secret.of("key-main-before-upgrade"));
        Connection spare = writer.addConnection(ws, TestCatalog.ONE, "Spare", Secret.of("key-spare-before-upgrade"));
        Connection other = writer.addConnection(ws, TestCatalog.TWO, "Other", Secret.of("key-other-before-upgrade"));
        Instant checked = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        source.statusStore()
                .recordVerification(
                        ws, main.id(), new Verification(Verification.Status.VALID, "HTTP 200", 200, checked));
        List<Connection> listed = writer.connections(ws, TestCatalog.ONE);
        writer.close();

        copy(source.tables().connections(), jdbc.tables().connections(), V1_CONNECTION_COLUMNS);
        copy(source.tables().secrets(), jdbc.tables().secrets(), SECRET_COLUMNS);
        if (withStatuses) {
            copy(source.tables().connectionStatus(), jdbc.tables().connectionStatus(), STATUS_COLUMNS);
        }
        Map<ConnectionId, ConnectionStatus> statuses = source.statusStore().statuses(ws);
        database().drop(source);
        source = null;
        return new OlderData(main, spare, other, listed, statuses);
    }

    private record OlderData(
            Connection main,
            Connection spare,
            Connection other,
            List<Connection> listed,
            Map<ConnectionId, ConnectionStatus> statuses) {}

    private void copy(String from, String to, String columns) throws SQLException {
        try (java.sql.Connection c = database().dataSource().getConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO " + to + " (" + columns + ") SELECT " + columns + " FROM " + from);
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    /** What an older library left: the tables up to {@code version} and the version rows that say so. */
    private static void applyUpTo(JdbcConnections jdbc, TestDatabase database, int version) throws SQLException {
        SqlStatements sql = jdbc.dialect().parts(jdbc.tables()).sql();
        String[] descriptions = {"connections", "connection_status"};
        try (java.sql.Connection c = database.dataSource().getConnection()) {
            Jdbc.execute(c, sql.createVersionTable);
            for (int v = 1; v <= version; v++) {
                for (String statement : JdbcSchema.statements(jdbc.schema().script(v))) {
                    Jdbc.execute(c, statement);
                }
                int applied = v;
                Jdbc.execute(c, sql.insertVersion, p -> {
                    p.setInt(1, applied);
                    p.setString(2, descriptions[applied - 1]);
                    p.setString(3, Instant.now().toString());
                });
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }
}
