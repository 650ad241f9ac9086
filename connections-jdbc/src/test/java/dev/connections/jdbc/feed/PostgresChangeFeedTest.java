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

/** The PostgreSQL feed on its own: what it hears, and what it leaves behind in a pool when closed. */
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
        // One connection: the feed's listening connection is the one the test borrows after close().
        config.setMaximumPoolSize(1);
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
        PostgresChangeFeed feed =
                PostgresChangeFeed.builder(pool).tablePrefix(prefix).build();
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
    void closeStopsListeningAndReturnsTheConnectionWithoutASubscription() throws Exception {
        PostgresChangeFeed feed = listeningFeed();

        feed.close();

        assertThat(feed.isListening()).isFalse();
        try (java.sql.Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_listening_channels()");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertThat(rs.getInt(1))
                    .as("channels still listened to on the pooled connection")
                    .isZero();
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
