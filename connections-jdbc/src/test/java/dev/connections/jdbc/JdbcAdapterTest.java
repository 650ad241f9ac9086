package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.SettingSpec;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.crypto.KeyRing;
import dev.connections.error.ConnectionNotFoundException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.DuplicateConnectionNameException;
import dev.connections.error.StaleConnectionException;
import dev.connections.error.StorageException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.SealedSecret;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretBinding;
import dev.connections.secret.SecretRef;
import dev.connections.secret.StoredSecret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** The adapter's own behaviour, on every database and driver setting. */
@AcrossDatabases.AndDrivers
class JdbcAdapterTest implements AcrossDatabases.OnDatabase {
    protected JdbcConnections jdbc;
    protected Connections connections;
    protected final WorkspaceId ws = WorkspaceId.of("ws-" + UUID.randomUUID());
    protected final WorkspaceId otherWs = WorkspaceId.of("ws-" + UUID.randomUUID());

    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @BeforeEach
    void setUp() {
        jdbc = database().fresh();
        connections = facade(jdbc);
    }

    @AfterEach
    void tearDown() {
        if (jdbc != null) {
            database().drop(jdbc);
        }
    }

    static Connections facade(JdbcConnections jdbc) {
        return facade(jdbc, KeyRing.generateForDevelopment());
    }

    /** A facade with the given keys, so two facades over one database can read each other's keys. */
    static Connections facade(JdbcConnections jdbc, KeyRing keys) {
        return ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyRing(keys)
                .catalog(new TestCatalog())
                .cacheMaximumSize(0)
                .build();
    }

    @Test
    @DisplayName("the dialect is detected from the driver")
    void detectsDialect() {
        assertThat(jdbc.dialect()).isEqualTo(database().dialect());
    }

    @Test
    @DisplayName("migrate applies every version once; a second call changes nothing")
    void migrateTwice() {
        assertThat(JdbcConnections.builder(database().dataSource())
                        .tablePrefix(TestDatabase.randomPrefix())
                        .build()
                        .schema()
                        .currentVersion())
                .isZero();
        assertThat(jdbc.schema().currentVersion()).isEqualTo(3);
        assertThat(jdbc.schema().migrate()).isZero();
        assertThat(jdbc.schema().currentVersion()).isEqualTo(jdbc.schema().latestVersion());
    }

    @Test
    @DisplayName("four instances migrating the same new prefix at once apply each script exactly once")
    void concurrentMigrate() throws Exception {
        String prefix = TestDatabase.randomPrefix();
        List<JdbcConnections> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(JdbcConnections.builder(database().dataSource())
                    .tablePrefix(prefix)
                    .build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (JdbcConnections instance : instances) {
                results.add(pool.submit(() -> instance.schema().migrate()));
            }
            int applied = 0;
            for (Future<Integer> f : results) {
                applied += f.get();
            }
            assertThat(applied).isEqualTo(instances.get(0).schema().latestVersion());
            Connections c = facade(instances.get(0));
            c.addConnection(ws, TestCatalog.ONE, "Works", Secret.of("key-after-concurrent-migrate"));
            assertThat(c.connections(ws, TestCatalog.ONE)).hasSize(1);
        } finally {
            pool.shutdownNow();
            database().drop(instances.get(0));
        }
    }

    @Test
    @DisplayName("add, list, set default, edit, delete through the facade; the default moves and is promoted")
    void facadeRoundTrip() {
        Connection first = connections.addConnection(ws, TestCatalog.ONE, "Main key", Secret.of("first-key-1234"));
        Connection second = connections.addConnection(ws, TestCatalog.ONE, "Backup", Secret.of("second-key-5678"));
        assertThat(first.isDefault()).isTrue();
        assertThat(second.isDefault()).isFalse();
        assertThat(connections.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("first-key-1234");

        connections.setDefault(ws, second.id());
        assertThat(connections.resolveDefault(ws, TestCatalog.ONE).connection().id())
                .isEqualTo(second.id());
        assertThat(connections.connections(ws, TestCatalog.ONE))
                .extracting(Connection::name)
                .containsExactly("Backup", "Main key");

        Connection current = connections.connection(ws, second.id()).orElseThrow();
        Connection edited = connections.editConnection(
                ws, second.id(), ConnectionEdit.of(current.version(), "Renamed", Secret.of("third-key-9999")));
        assertThat(edited.keyHint()).isEqualTo("…9999");
        assertThat(connections.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("third-key-9999");
        assertThat(jdbc.secretStore().get(ws, current.secretRef())).isEmpty();

        connections.deleteConnection(ws, second.id(), edited.version());
        Connection promoted = connections.connection(ws, first.id()).orElseThrow();
        assertThat(promoted.isDefault()).isTrue();
        assertThat(connections.connectedApps(ws)).hasSize(1);
        assertThat(jdbc.secretStore().count()).isEqualTo(1);
    }

    @Test
    @DisplayName("names are unique per app by their folded key, through the facade and the database alike")
    void duplicateNames() throws SQLException {
        connections.addConnection(ws, TestCatalog.ONE, "Main Key", Secret.of("first-key-1234"));
        assertThatThrownBy(() -> connections.addConnection(ws, TestCatalog.ONE, "main key", Secret.of("x-key-12345")))
                .isInstanceOf(ConnectionValidationException.class)
                .satisfies(e -> assertThat(((ConnectionValidationException) e).fieldErrors())
                        .containsKey("name"));
        assertThatThrownBy(() -> jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
                    state.insert(
                            row(ConnectionId.random(), ws, TestCatalog.ONE, "MAIN key", false, SecretRef.random()));
                    return null;
                }))
                .isInstanceOf(DuplicateConnectionNameException.class);
        connections.addConnection(ws, TestCatalog.TWO, "main key", Secret.of("second-key-1234"));

        assertThatThrownBy(() -> insertRow(ws, TestCatalog.ONE, "MAIN KEY", false))
                .isInstanceOf(SQLException.class);
        assertThat(jdbc.secretStore().count()).isEqualTo(2);
    }

    @Test
    @DisplayName("a writer bypassing the library cannot add a second default: the database refuses")
    void bypassSecondDefault() throws SQLException {
        connections.addConnection(ws, TestCatalog.ONE, "Main key", Secret.of("first-key-1234"));
        insertRow(ws, TestCatalog.ONE, "Not default", false);
        assertThatThrownBy(() -> insertRow(ws, TestCatalog.ONE, "Second default", true))
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(SqlFailure.isUniqueViolation((SQLException) e))
                        .isTrue());
        assertThatThrownBy(() -> updateAllDefault(ws, TestCatalog.ONE)).isInstanceOf(SQLException.class);
        // Another workspace and another app have their own default.
        insertRow(otherWs, TestCatalog.ONE, "Other workspace", true);
        insertRow(ws, TestCatalog.TWO, "Other app", true);
        assertThat(jdbc.repository().findDefault(ws, TestCatalog.ONE)).isPresent();
    }

    @Test
    @DisplayName("a stale version is refused and changes nothing; an id of another workspace is missing")
    void staleAndIsolation() {
        Connection c = connections.addConnection(ws, TestCatalog.ONE, "Main key", Secret.of("first-key-1234"));
        connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "New name"));
        assertThatThrownBy(() -> connections.editConnection(ws, c.id(), ConnectionEdit.rename(c.version(), "Lost")))
                .isInstanceOf(StaleConnectionException.class);
        assertThat(connections.connection(ws, c.id()).orElseThrow().name()).isEqualTo("New name");

        assertThat(jdbc.repository().find(otherWs, c.id())).isEmpty();
        assertThat(jdbc.repository().list(otherWs, TestCatalog.ONE)).isEmpty();
        assertThat(jdbc.repository().countByIntegration(otherWs)).isEmpty();
        assertThat(jdbc.secretStore().get(otherWs, c.secretRef())).isEmpty();
        assertThat(jdbc.secretStore().destroy(otherWs, c.secretRef())).isFalse();
        assertThat(jdbc.secretStore().get(ws, c.secretRef())).isPresent();
    }

    @Test
    @DisplayName("a failing unit of work leaves nothing behind, the secret written inside it included")
    void rollbackIncludesSecret() {
        ConnectionId id = ConnectionId.random();
        SecretRef ref = SecretRef.random();
        assertThatThrownBy(() -> jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
                    jdbc.secretStore()
                            .put(new StoredSecret(
                                    new SecretBinding(ws, id, ref), new SealedSecret(1, "k1", new byte[] {1, 2, 3})));
                    state.insert(row(id, ws, TestCatalog.ONE, "Doomed", true, ref));
                    throw new IllegalArgumentException("changed my mind");
                }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(jdbc.repository().list(ws, TestCatalog.ONE)).isEmpty();
        assertThat(jdbc.secretStore().get(ws, ref)).isEmpty();
        assertThat(jdbc.secretStore().count()).isZero();
    }

    @Test
    @DisplayName("a unit of work on an app waits for the one holding it, sees what it committed; other apps go on")
    void appLockSerialisesOneApp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> holder = pool.submit(() -> jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
                state.insert(row(ConnectionId.random(), ws, TestCatalog.ONE, "First", true, SecretRef.random()));
                holding.countDown();
                await(release);
                return null;
            }));
            await(holding);
            AtomicBoolean waiterRan = new AtomicBoolean();
            Future<List<String>> waiter = pool.submit(() -> jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
                waiterRan.set(true);
                List<String> seen =
                        state.connections().stream().map(Connection::name).toList();
                state.insert(
                        row(ConnectionId.random(), ws, TestCatalog.ONE, "Second", seen.isEmpty(), SecretRef.random()));
                return seen;
            }));
            // Another app of the same workspace, and the same app of another workspace, take other locks.
            pool.submit(() -> jdbc.repository().modify(ws, TestCatalog.TWO, state -> null))
                    .get(10, TimeUnit.SECONDS);
            pool.submit(() -> jdbc.repository().modify(otherWs, TestCatalog.ONE, state -> null))
                    .get(10, TimeUnit.SECONDS);
            // Still blocked on the app's lock: its unit of work has not even started.
            Awaitility.await("the second unit of work waiting for the app's lock")
                    .during(Duration.ofMillis(200))
                    .atMost(Duration.ofSeconds(2))
                    .until(() -> !waiterRan.get() && !waiter.isDone());
            release.countDown();
            holder.get(10, TimeUnit.SECONDS);
            assertThat(waiter.get(10, TimeUnit.SECONDS)).containsExactly("First");
            assertThat(jdbc.repository().list(ws, TestCatalog.ONE))
                    .extracting(Connection::name)
                    .containsExactlyInAnyOrder("First", "Second");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("settings and timestamps survive a round trip to the microsecond")
    void roundTrip() {
        Instant created = Instant.parse("2021-03-04T05:06:07.123456Z");
        Connection c = new Connection(
                ConnectionId.random(),
                ws,
                TestCatalog.ONE,
                "Ünïcode naïve ✓",
                true,
                SecretRef.random(),
                "…abcd",
                Map.of("region", "eu", "quote", "a \"b\" \\ c"),
                created,
                created.plus(1, ChronoUnit.DAYS),
                7);
        jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
            state.insert(c);
            return null;
        });
        assertThat(jdbc.repository().find(ws, c.id())).contains(c);
        assertThat(jdbc.repository().findDefault(ws, TestCatalog.ONE)).contains(c);
    }

    @Test
    @DisplayName("custom apps are stored per workspace with their full definition")
    void customApps() {
        Integration app = new Integration(
                IntegrationId.of("custom-acme-1234"),
                "Acme CRM",
                "Custom app",
                List.of("Custom"),
                new CredentialSpec(
                        new KeyPlacement.BasicAuth("username"),
                        null,
                        null,
                        null,
                        List.of(new SettingSpec("username", "Username", null, true, null))),
                URI.create("https://acme.example/api"),
                null);
        assertThat(jdbc.repository().addCustomApp(ws, app)).isTrue();
        assertThat(jdbc.repository().addCustomApp(ws, app)).isFalse();
        assertThat(jdbc.repository().findCustomApp(ws, app.id())).contains(app);
        assertThat(jdbc.repository().customApps(ws)).containsExactly(app);
        assertThat(jdbc.repository().findCustomApp(otherWs, app.id())).isEmpty();
        assertThat(jdbc.repository().customApps(otherWs)).isEmpty();
    }

    @Test
    @DisplayName("key usage counts add up across threads and are durable")
    void keyUsage() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Long>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(() -> jdbc.keyUsageCounter().add("key-a", 3));
            }
            for (Future<Long> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.keyUsageCounter().count("key-a")).isEqualTo(120);
        assertThat(jdbc.keyUsageCounter().count("key-b")).isZero();
        JdbcConnections again = JdbcConnections.builder(database().dataSource())
                .tablePrefix(jdbc.tables().prefix())
                .build();
        assertThat(again.keyUsageCounter().add("key-a", 1)).isEqualTo(121);
    }

    @Test
    @DisplayName("at rest: no column of any table holds a plain key, in text, hex or Base64")
    void noPlainKeyAtRest() throws SQLException {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add("sk-PLAINTEXT-" + UUID.randomUUID() + "-" + i);
        }
        Connection a = connections.addConnection(ws, TestCatalog.ONE, "A", Secret.of(keys.get(0)));
        connections.addConnection(ws, TestCatalog.TWO, "B", Secret.of(keys.get(1)));
        connections.editConnection(ws, a.id(), ConnectionEdit.replaceApiKey(a.version(), Secret.of(keys.get(2))));
        String customKey = "custom-PLAINTEXT-" + UUID.randomUUID();
        keys.add(customKey);
        connections.addCustomConnection(
                ws,
                CustomConnectionSpec.builder()
                        .appName("Acme CRM")
                        .baseUrl("https://acme.example/api")
                        .header("X-Api-Key", "")
                        .setting("region", "eu")
                        .connectionName("Acme main")
                        .apiKey(Secret.of(customKey))
                        .build());
        jdbc.keyUsageCounter().add("k1", 4);

        List<byte[]> needles = new ArrayList<>();
        for (String key : keys) {
            // The last 4 characters are the visible hint; everything before must never be stored.
            String body = key.substring(0, key.length() - 4);
            byte[] utf8 = body.getBytes(StandardCharsets.UTF_8);
            needles.add(utf8);
            needles.add(HexFormat.of().formatHex(utf8).getBytes(StandardCharsets.US_ASCII));
            needles.add(Base64.getEncoder()
                    .encodeToString(key.getBytes(StandardCharsets.UTF_8))
                    .substring(0, 16)
                    .getBytes(StandardCharsets.US_ASCII));
        }
        List<String> tables = new ArrayList<>(jdbc.tables().dataTables());
        tables.add(jdbc.tables().schemaVersion());
        int cells = 0;
        // Control: the scan does see stored text, such as the hint (the key's last 4 characters).
        byte[] hint = keys.get(1).substring(keys.get(1).length() - 4).getBytes(StandardCharsets.UTF_8);
        boolean hintSeen = false;
        try (java.sql.Connection c = database().dataSource().getConnection()) {
            for (String table : tables) {
                try (Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        for (int col = 1; col <= meta.getColumnCount(); col++) {
                            byte[] value = cell(rs, meta, col);
                            cells++;
                            hintSeen |= indexOf(value, hint) >= 0;
                            for (byte[] needle : needles) {
                                assertThat(indexOf(value, needle))
                                        .as("plain key material in %s.%s", table, meta.getColumnName(col))
                                        .isEqualTo(-1);
                            }
                        }
                    }
                }
            }
        }
        assertThat(cells).isGreaterThan(40);
        assertThat(hintSeen).isTrue();
        assertThat(jdbc.secretStore().count()).isEqualTo(3);
    }

    private static byte[] cell(ResultSet rs, ResultSetMetaData meta, int col) throws SQLException {
        int type = meta.getColumnType(col);
        if (type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY || type == Types.BLOB) {
            byte[] bytes = rs.getBytes(col);
            return bytes == null ? new byte[0] : bytes;
        }
        String text = rs.getString(col);
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** A facade over this test's tables whose every statement {@code recording} keeps. */
    private Connections facade(RecordingDataSource recording) {
        JdbcConnections recorded = JdbcConnections.builder(recording)
                .tablePrefix(jdbc.tables().prefix())
                .build();
        return ConnectionsBuilder.newBuilder()
                .repository(recorded.repository())
                .secretStore(recorded.secretStore())
                .keyUsageCounter(recorded.keyUsageCounter())
                .keyRing(KeyRing.generateForDevelopment())
                .catalog(new TestCatalog())
                .build();
    }

    @Test
    @DisplayName("an add sends its statements together where the driver allows: lock and read, then the writes")
    void addSendsStatementsTogether() {
        RecordingDataSource recording = new RecordingDataSource(database().dataSource());
        Connections facade = facade(recording);
        // The first add asks the driver its questions once; the second shows the steady state.
        facade.addConnection(ws, TestCatalog.ONE, "First", Secret.of("first-key-1234"));
        recording.statements.clear();
        facade.addConnection(otherWs, TestCatalog.ONE, "Second", Secret.of("second-key-5678"));

        int expected =
                switch (database()) {
                        // isolation + lock + read; then secret + connection + change log
                    case POSTGRESQL, MARIADB_MULTI_STATEMENTS -> 2;
                        // isolation; lock + read in one compound statement; the writes in another
                    case MARIADB -> 3;
                        // isolation, lock, read; the three INSERTs
                    case MARIADB_ONE_BY_ONE -> 6;
                        // lock (absent), lock row, read; the three INSERTs
                    case H2 -> 6;
                };
        assertThat(recording.statements)
                .as(String.join("\n", recording.statements))
                .hasSize(expected);
    }

    @Test
    @DisplayName("setDefault and delete of a connection this instance has seen take the app's lock without reading it")
    void knownConnectionsAreNotReadBeforeAWrite() {
        RecordingDataSource recording = new RecordingDataSource(database().dataSource());
        Connections facade = facade(recording);
        Connection a = facade.addConnection(ws, TestCatalog.ONE, "A", Secret.of("first-key-1234"));
        Connection b = facade.addConnection(ws, TestCatalog.ONE, "B", Secret.of("second-key-5678"));
        recording.statements.clear();

        facade.setDefault(ws, b.id());
        facade.deleteConnection(
                ws, a.id(), facade.connections(ws, TestCatalog.ONE).get(1).version());

        String readById = "AND c.id = ?";
        assertThat(recording.statements).noneMatch(sql -> sql.contains(readById));
        assertThat(connections.connections(ws, TestCatalog.ONE))
                .singleElement()
                .satisfies(c -> assertThat(c.id()).isEqualTo(b.id()))
                .satisfies(c -> assertThat(c.isDefault()).isTrue());
    }

    @Test
    @DisplayName(
            "a connection another instance deleted is reported missing by setDefault and delete, and nothing changes")
    void connectionDeletedElsewhereIsMissing() {
        Connection a = connections.addConnection(ws, TestCatalog.ONE, "A", Secret.of("first-key-1234"));
        Connection b = connections.addConnection(ws, TestCatalog.ONE, "B", Secret.of("second-key-5678"));
        Connections other = facade(jdbc);
        other.deleteConnection(ws, b.id(), b.version());

        assertThatThrownBy(() -> connections.setDefault(ws, b.id())).isInstanceOf(ConnectionNotFoundException.class);
        assertThatThrownBy(() -> connections.deleteConnection(ws, b.id(), b.version()))
                .isInstanceOf(ConnectionNotFoundException.class);
        assertThat(connections.connections(ws, TestCatalog.ONE)).containsExactly(a);
    }

    @Test
    @DisplayName("every statement on tenant data is scoped by workspace (the rotation scan and key counts excepted)")
    void everyStatementFiltersByWorkspace() {
        RecordingDataSource recording = new RecordingDataSource(database().dataSource());
        Connections facade = facade(recording);
        Connection a = facade.addConnection(ws, TestCatalog.ONE, "A", Secret.of("first-key-1234"));
        Connection b = facade.addConnection(ws, TestCatalog.ONE, "B", Secret.of("second-key-5678"));
        facade.setDefault(ws, b.id());
        long aVersion = facade.connection(ws, a.id()).orElseThrow().version();
        facade.editConnection(ws, a.id(), ConnectionEdit.of(aVersion, "A2", Secret.of("third-key-9999")));
        facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::length);
        facade.resolve(ws, a.id()).withKey(Secret::length);
        facade.connectedApps(ws);
        facade.addCustomConnection(
                ws,
                CustomConnectionSpec.builder()
                        .appName("Acme CRM")
                        .baseUrl("https://acme.example/api")
                        .header("X-Api-Key", "")
                        .connectionName("Acme main")
                        .apiKey(Secret.of("custom-key-1234"))
                        .build());
        facade.connectedApps(ws);
        facade.deleteConnection(
                ws, b.id(), facade.connection(ws, b.id()).orElseThrow().version());

        assertThat(recording.statements).hasSizeGreaterThan(20);
        // Statements sent together (joined by ';' or in a compound statement) are checked one by one.
        List<String> statements = recording.statements.stream()
                .map(sql -> sql.replaceAll("\\s+", " ").replaceFirst("^BEGIN NOT ATOMIC ", ""))
                .flatMap(sql -> Arrays.stream(sql.split(";")))
                .map(String::strip)
                .toList();
        for (String sql : statements) {
            // MariaDB's lock statement carries its lock timeout as a SET STATEMENT … FOR prefix.
            String normalized = sql.replaceFirst("^SET STATEMENT [^ ]+ = \\d+ FOR ", "");
            if (normalized.contains(jdbc.tables().keyUsage())) {
                continue; // counts per data key, shared by all workspaces by design
            }
            if (jdbc.tables().dataTables().stream().noneMatch(normalized::contains)) {
                continue; // touches no table: the isolation level, the driver's multi-statement question
            }
            if (normalized.startsWith("INSERT")) {
                assertThat(normalized).as(sql).contains("workspace");
            } else {
                assertThat(normalized).as(sql).containsPattern("WHERE (c\\.)?workspace = \\?");
            }
        }
    }

    @Test
    @DisplayName("a row stored before the name rules (old name, lower-cased name_key) loads, shows and stays editable")
    void rowStoredBeforeTheNameRules() throws SQLException {
        Connection plain = connections.addConnection(ws, TestCatalog.ONE, "Prod key", Secret.of("first-key-1234"));
        Connection other = connections.addConnection(ws, TestCatalog.ONE, "Other", Secret.of("other-key-1234"));
        String old = "Prod\u202Eyek";
        setNameAsAnOldVersionDid(plain.id(), old);

        assertThat(connections.connection(ws, plain.id()).orElseThrow().name()).isEqualTo(old);
        assertThat(nameKey(plain.id())).isEqualTo("prod\u202Eyek");
        // Its folded name is taken, although the stored key is the old one.
        assertThatThrownBy(() -> connections.addConnection(ws, TestCatalog.ONE, "PRODYEK", Secret.of("x-key-12345")))
                .isInstanceOf(DuplicateConnectionNameException.class);

        Connection edited = connections.editConnection(
                ws, plain.id(), ConnectionEdit.of(plain.version(), old, Secret.of("second-key-1234")));
        assertThat(edited.name()).isEqualTo(old);
        connections.setDefault(ws, other.id());
        connections.setDefault(ws, plain.id());
        assertThat(connections.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("second-key-1234");
        // An update that keeps the name keeps the stored key; a rename writes today's.
        assertThat(nameKey(plain.id())).isEqualTo("prod\u202Eyek");

        Connection current = connections.connection(ws, plain.id()).orElseThrow();
        Connection renamed =
                connections.editConnection(ws, plain.id(), ConnectionEdit.rename(current.version(), "Prod\u00A0key"));
        assertThat(renamed.name()).isEqualTo("Prod\u00A0key");
        assertThat(nameKey(plain.id())).isEqualTo("prod key");
    }

    @Test
    @DisplayName("two rows stored before the name rules that now fold alike both stay updatable (default moves)")
    void oldLookAlikePairStaysUpdatable() throws SQLException {
        Connection first = connections.addConnection(ws, TestCatalog.ONE, "Key for deepl", Secret.of("first-key-1234"));
        Connection second = connections.addConnection(ws, TestCatalog.ONE, "Second", Secret.of("second-key-1234"));
        setNameAsAnOldVersionDid(second.id(), "Key\u00A0for deepl");

        connections.setDefault(ws, second.id());
        connections.setDefault(ws, first.id());
        connections.deleteConnection(
                ws,
                first.id(),
                connections.connection(ws, first.id()).orElseThrow().version());
        assertThat(connections.resolveDefault(ws, TestCatalog.ONE).connection().id())
                .isEqualTo(second.id());
    }

    private void setNameAsAnOldVersionDid(ConnectionId id, String name) throws SQLException {
        String sql =
                "UPDATE " + jdbc.tables().connections() + " SET name = ?, name_key = ? WHERE workspace = ? AND id = ?";
        try (java.sql.Connection c = database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, name.toLowerCase(java.util.Locale.ROOT));
            ps.setString(3, ws.value());
            ps.setString(4, id.toString());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private String nameKey(ConnectionId id) throws SQLException {
        String sql = "SELECT name_key FROM " + jdbc.tables().connections() + " WHERE workspace = ? AND id = ?";
        try (java.sql.Connection c = database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, ws.value());
            ps.setString(2, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    @Test
    @DisplayName("a driver failure reaches the host without the driver's text: no SQL, no bound values")
    void driverMessagesWithheld() {
        ConnectionId id = ConnectionId.random();
        jdbc.repository().modify(ws, TestCatalog.ONE, state -> {
            state.insert(row(id, ws, TestCatalog.ONE, "First", true, SecretRef.random()));
            return null;
        });
        // The same id under another app passes the adapter's own checks and meets the primary key, whose
        // violation every driver here reports with the statement or the duplicate key's values.
        Throwable failure = catchThrowable(() -> jdbc.repository().modify(ws, TestCatalog.TWO, state -> {
            state.insert(row(id, ws, TestCatalog.TWO, "Second", true, SecretRef.random()));
            return null;
        }));
        assertThat(failure).isInstanceOf(StorageException.class).hasCauseInstanceOf(SQLException.class);
        assertThat(((SQLException) failure.getCause()).getSQLState()).startsWith("23");
        java.io.StringWriter trace = new java.io.StringWriter();
        failure.printStackTrace(new java.io.PrintWriter(trace));
        assertThat(trace.toString())
                .doesNotContain(ws.value())
                .doesNotContain(id.toString())
                .doesNotContainIgnoringCase("insert into")
                .doesNotContain(jdbc.tables().connections());
    }

    // ---- helpers ---------------------------------------------------------------------------------

    static Connection row(
            ConnectionId id, WorkspaceId ws, IntegrationId app, String name, boolean isDefault, SecretRef ref) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return new Connection(id, ws, app, name, isDefault, ref, "…", Map.of(), now, now, 1);
    }

    /** Plain SQL, as a writer that ignores the library would do it. */
    void insertRow(WorkspaceId workspace, IntegrationId app, String name, boolean isDefault) throws SQLException {
        String sql = "INSERT INTO " + jdbc.tables().connections()
                + " (workspace, id, integration, name, name_key, secret_ref, key_hint, is_default, settings,"
                + " created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
        try (java.sql.Connection c = database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, workspace.value());
            ps.setString(2, UUID.randomUUID().toString());
            ps.setString(3, app.value());
            ps.setString(4, name);
            ps.setString(5, name.toLowerCase(java.util.Locale.ROOT));
            ps.setString(6, UUID.randomUUID().toString());
            ps.setString(7, "…");
            ps.setBoolean(8, isDefault);
            ps.setString(9, "{}");
            ps.setObject(10, database().timestamp(Instant.now()));
            ps.setObject(11, database().timestamp(Instant.now()));
            ps.executeUpdate();
        }
    }

    void updateAllDefault(WorkspaceId workspace, IntegrationId app) throws SQLException {
        String sql =
                "UPDATE " + jdbc.tables().connections() + " SET is_default = ? WHERE workspace = ? AND integration = ?";
        try (java.sql.Connection c = database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setBoolean(1, true);
            ps.setString(2, workspace.value());
            ps.setString(3, app.value());
            ps.executeUpdate();
        }
    }
}
