package dev.connections.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.error.StorageReadOnlyException;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A failover that leaves the database read-only, switched mid-run: writes fail at once (no retry budget spent)
 * with {@link StorageReadOnlyException}, reads and the trigger path keep answering, and once the database takes
 * writes again they go through and nothing of the refused writes is stored.
 *
 * <p>PostgreSQL: a database of the test's own gets {@code default_transaction_read_only} and its sessions are
 * ended, so the pool reconnects to a read-only database, as after a failover to a replica promoted late (SQLSTATE
 * 25006). MariaDB: {@code SET GLOBAL read_only = 1} for a user of the test's own without READ ONLY ADMIN (root
 * keeps writing, so other runs on the shared server are not disturbed; error 1290). The setting is put back in
 * a finally block.
 */
@AcrossDatabases.Servers
class ReadOnlyFailoverTest implements AcrossDatabases.OnDatabase {
    @Parameter(0)
    TestDatabase db;

    private static final KeyRing KEYS =
            KeyRing.builder().primary("readonly", new byte[32]).build();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> cleanUp = new ArrayList<>();
    private String adminUrl = "";

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (!cleanUp.isEmpty()) {
            try (java.sql.Connection admin = DriverManager.getConnection(adminUrl);
                    Statement s = admin.createStatement()) {
                for (String sql : cleanUp) {
                    s.execute(sql);
                }
            }
        }
    }

    @Override
    public TestDatabase database() {
        return db;
    }

    @Test
    void writesFailFastAsReadOnlyWhileReadsAndTheTriggerPathKeepWorking() throws Exception {
        HikariDataSource shared = (HikariDataSource) db.dataSource();
        adminUrl = shared.getJdbcUrl();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String url = privateTarget(db, suffix);
        HikariDataSource pool = pool(url, db);
        closing.add(pool);
        JdbcConnections jdbc = JdbcConnections.builder(pool)
                .tablePrefix("ro" + TestDatabase.randomPrefix())
                .build();
        if (db == TestDatabase.MARIADB) {
            // Tables in the shared database: migrate as root, the test's user only reads and writes rows.
            JdbcConnections.builder(shared)
                    .tablePrefix(jdbc.tables().prefix())
                    .build()
                    .schema()
                    .migrate();
            closing.add(() -> db.drop(jdbc));
        } else {
            jdbc.schema().migrate();
        }
        Connections facade = facade(jdbc, 100_000);
        Connections uncached = facade(jdbc, 0);
        closing.add(facade);
        closing.add(uncached);

        WorkspaceId ws = WorkspaceId.of("readonly-" + suffix);
        Connection first = facade.addConnection(ws, TestCatalog.ONE, "first", Secret.of("ro-first-key"));
        assertThat(facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("ro-first-key");

        try (java.sql.Connection admin = DriverManager.getConnection(adminUrl);
                Statement s = admin.createStatement()) {
            try {
                readOnly(db, s, suffix, true);

                long start = System.nanoTime();
                Throwable add =
                        catchThrowable(() -> facade.addConnection(ws, TestCatalog.TWO, "second", Secret.of("ro-no")));
                Duration addTook = Duration.ofNanos(System.nanoTime() - start);
                Throwable replace = catchThrowable(() -> facade.editConnection(
                        ws, first.id(), ConnectionEdit.replaceApiKey(first.version(), Secret.of("ro-no-2"))));
                System.out.printf("read-only %s: add failed after %d ms with %s%n", db, addTook.toMillis(), add);

                assertThat(add)
                        .isInstanceOf(StorageReadOnlyException.class)
                        .hasMessageContaining("storage is read-only")
                        .hasMessageContaining("nothing was changed");
                assertThat(replace).isInstanceOf(StorageReadOnlyException.class);
                // At once rather than after the retry budget (10 s): the PostgreSQL pool's sessions were ended,
                // so its first attempt may meet a dead connection and need one retry.
                assertThat(addTook).isLessThan(Duration.ofSeconds(5));

                // Reads and the trigger path, from the cache and from storage.
                assertThat(facade.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                        .isEqualTo("ro-first-key");
                assertThat(uncached.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                        .isEqualTo("ro-first-key");
                assertThat(uncached.connections(ws, TestCatalog.ONE))
                        .extracting(Connection::name)
                        .containsExactly("first");
                assertThat(uncached.connection(ws, first.id())).isPresent();
            } finally {
                readOnly(db, s, suffix, false);
            }
        }

        // Writable again: the write goes through, and nothing of the refused ones was stored.
        assertThat(uncached.connections(ws, TestCatalog.TWO)).isEmpty();
        facade.addConnection(ws, TestCatalog.TWO, "second", Secret.of("ro-second-key"));
        assertThat(uncached.resolveDefault(ws, TestCatalog.TWO).withKey(Secret::reveal))
                .isEqualTo("ro-second-key");
        assertThat(uncached.resolveDefault(ws, TestCatalog.ONE).withKey(Secret::reveal))
                .isEqualTo("ro-first-key");
        assertThat(uncached.maintenance().sweepOrphanedSecrets(Duration.ZERO)).isZero();
    }

    /** A database (PostgreSQL) or user (MariaDB) of the test's own; returns the pool's URL. */
    private String privateTarget(TestDatabase db, String suffix) throws SQLException {
        try (java.sql.Connection admin = DriverManager.getConnection(adminUrl);
                Statement s = admin.createStatement()) {
            if (db == TestDatabase.POSTGRESQL) {
                String name = "connections_ro_" + suffix;
                s.execute("CREATE DATABASE " + name);
                cleanUp.add("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                return adminUrl.replaceFirst("/[^/?]+\\?", "/" + name + "?");
            }
            String user = "connections_ro_" + suffix;
            String password = "ro-" + suffix;
            s.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
            s.execute("CREATE USER '" + user + "'@'localhost' IDENTIFIED BY '" + password + "'");
            cleanUp.add("DROP USER IF EXISTS '" + user + "'@'%'");
            cleanUp.add("DROP USER IF EXISTS '" + user + "'@'localhost'");
            String schema = admin.getCatalog();
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".* TO '" + user + "'@'%'");
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON " + schema + ".* TO '" + user + "'@'localhost'");
            return adminUrl.replaceFirst("\\?.*$", "") + "?user=" + user + "&password=" + password;
        }
    }

    private static void readOnly(TestDatabase db, Statement admin, String suffix, boolean on) throws SQLException {
        if (db == TestDatabase.POSTGRESQL) {
            String name = "connections_ro_" + suffix;
            admin.execute("ALTER DATABASE " + name
                    + (on ? " SET default_transaction_read_only = on" : " RESET" + " default_transaction_read_only"));
            {
                // The pool's sessions end, as at a failover; the ones it opens next have the new setting (a
                // session keeps the one it started with).
                admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                        + "' AND pid <> pg_backend_pid()");
            }
        } else {
            admin.execute("SET GLOBAL read_only = " + (on ? 1 : 0));
        }
    }

    private static Connections facade(JdbcConnections jdbc, long cacheSize) {
        return ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyRing(KEYS)
                .catalog(new TestCatalog())
                .cacheMaximumSize(cacheSize)
                .build();
    }

    private static HikariDataSource pool(String url, TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setConnectionTimeout(3_000);
        config.setPoolName("readonly-" + db.name().toLowerCase(Locale.ROOT));
        return new HikariDataSource(config);
    }
}
