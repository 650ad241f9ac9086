package dev.connections.jdbc.feed;

import static dev.connections.jdbc.feed.FeedDatabases.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.id.WorkspaceId;
import dev.connections.spi.ChangeFeed;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL feed on its own: what it hears, that its listener never holds one of the host's pool, and
 * that it survives its backend being terminated.
 */
class PostgresChangeFeedTest {
    private HikariDataSource pool;
    private final String prefix = FeedDatabases.randomPrefix();
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void pool() {
        String url =
                FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        // One connection: if the listener held it, every borrow below would time out.
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(3_000);
        config.setPoolName("feed-alone");
        pool = new HikariDataSource(config);
    }

    @AfterEach
    void closePool() {
        if (pool != null) {
            pool.close();
        }
    }

    private PostgresChangeFeed listeningFeed() throws InterruptedException {
        return listeningFeed(PostgresChangeFeed.builder(pool).tablePrefix(prefix));
    }

    private PostgresChangeFeed listeningFeed(PostgresChangeFeed.Builder builder) throws InterruptedException {
        PostgresChangeFeed feed = builder.build();
        feed.subscribe(new ChangeFeed.Subscriber() {
            @Override
            public void workspaceChanged(WorkspaceId workspace) {
                heard.add(workspace.value());
            }

            @Override
            public void everythingChanged() {
                heard.add("*");
            }
        });
        assertThat(feed.awaitListening(Duration.ofSeconds(10))).isTrue();
        return feed;
    }

    @Test
    void hearsWorkspacesAndTakesAnUnreadablePayloadAsEverythingChanged() throws Exception {
        try (PostgresChangeFeed feed = listeningFeed();
                PostgresChangeFeed sender = PostgresChangeFeed.builder(
                                FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test"))
                        .tablePrefix(prefix)
                        .build()) {
            heard.clear();
            // A workspace-only notice, as an instance that cannot name the app sends it.
            notifyRaw(feed.channel(), "acme");
            awaitTrue(Duration.ofSeconds(5), "acme heard", () -> heard.contains("acme"));

            notifyRaw(feed.channel(), "");
            awaitTrue(Duration.ofSeconds(5), "unreadable notice heard", () -> heard.contains("*"));
            assertThat(heard).containsExactly("acme", "*");
        }
    }

    @Test
    void aPoolOfOneStillServesReadsAndWritesWhileTheFeedListens() throws Exception {
        String app = "pool-of-one-" + prefix;
        try (PostgresChangeFeed feed = listeningFeed(
                PostgresChangeFeed.builder(pool).tablePrefix(prefix).applicationName(app))) {
            assertThat(feed.listenerOrigin()).isEqualTo("pool-url");
            heard.clear();
            try (java.sql.Connection c = pool.getConnection();
                    java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TEMPORARY TABLE t (v int)");
                st.execute("INSERT INTO t VALUES (1)");
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM t")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
                assertThat(listenersOn(c, app))
                        .as("backends listening under " + app)
                        .isEqualTo(1);
                assertThat(pid(c))
                        .as("the pool's connection is not the listener's")
                        .isNotEqualTo(listenerPid(c, app));
            }
            // The notice itself goes through the pool, borrowed for one statement.
            feed.publish(WorkspaceId.of("acme"), dev.connections.id.IntegrationId.of("alpha"));
            awaitTrue(Duration.ofSeconds(5), "acme heard", () -> heard.contains("acme"));
        }
    }

    @Test
    void theListenerSurvivesItsBackendBeingTerminatedWhileThePoolKeepsServing() throws Exception {
        String app = "terminated-" + prefix;
        try (PostgresChangeFeed feed = listeningFeed(PostgresChangeFeed.builder(pool)
                .tablePrefix(prefix)
                .applicationName(app)
                .initialBackoff(Duration.ofMillis(50)))) {
            heard.clear();
            try (java.sql.Connection c = pool.getConnection();
                    PreparedStatement ps = c.prepareStatement(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, app);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next() && rs.getBoolean(1))
                            .as("listener terminated")
                            .isTrue();
                }
            }
            awaitTrue(
                    Duration.ofSeconds(10),
                    "the feed listening again",
                    () -> feed.reconnects() == 1 && feed.isListening());
            assertThat(heard).as("a reconnect drops everything").contains("*");
            notifyRaw(feed.channel(), "after-restart");
            awaitTrue(
                    Duration.ofSeconds(5), "a notice heard after the reconnect", () -> heard.contains("after-restart"));
            try (java.sql.Connection c = pool.getConnection()) {
                assertThat(listenersOn(c, app)).isEqualTo(1);
            }
        }
    }

    @Test
    void aSeparateDataSourceOrUrlCarriesTheListener() throws Exception {
        String url =
                FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        try (PostgresChangeFeed byUrl = listeningFeed(
                PostgresChangeFeed.builder(pool).tablePrefix(prefix).listenerUrl(url))) {
            assertThat(byUrl.listenerOrigin()).isEqualTo("url");
            assertThat(byUrl.toString()).doesNotContain(url);
        }
        try (HikariDataSource direct = FeedDatabases.pool(url, "listener-only");
                PostgresChangeFeed bySource = listeningFeed(
                        PostgresChangeFeed.builder(pool).tablePrefix(prefix).listenerDataSource(direct))) {
            assertThat(bySource.listenerOrigin()).isEqualTo("data-source");
            heard.clear();
            notifyRaw(bySource.channel(), "direct");
            awaitTrue(Duration.ofSeconds(5), "direct heard", () -> heard.contains("direct"));
        }
    }

    @Test
    void closeStopsListeningAndLeavesNoBackendBehind() throws Exception {
        String app = "closed-" + prefix;
        PostgresChangeFeed feed = listeningFeed(
                PostgresChangeFeed.builder(pool).tablePrefix(prefix).applicationName(app));

        feed.close();

        assertThat(feed.isListening()).isFalse();
        try (java.sql.Connection c = pool.getConnection()) {
            awaitTrue(Duration.ofSeconds(5), "the listener's backend gone", () -> listenersOn(c, app) == 0);
        }
    }

    private static int listenersOn(java.sql.Connection c, String app) {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int listenerPid(java.sql.Connection c, String app) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT pid FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int pid(java.sql.Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private void notifyRaw(String channel, String payload) throws SQLException {
        String url =
                FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
                PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            ps.setString(1, channel);
            ps.setString(2, payload);
            ps.execute();
        }
    }
}
