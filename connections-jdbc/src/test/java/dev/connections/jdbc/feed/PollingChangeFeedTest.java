package dev.connections.jdbc.feed;

import static dev.connections.jdbc.feed.FeedDatabases.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.spi.ChangeFeed;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The polling feed's reading of the change log on H2, rows written by hand to create holes. */
class PollingChangeFeedTest {
    private HikariDataSource pool;
    private JdbcConnections jdbc;
    private PollingChangeFeed feed;
    private final List<String> heard = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        pool = FeedDatabases.pool("jdbc:h2:mem:poll-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "poll-test");
        jdbc = JdbcConnections.builder(pool)
                .tablePrefix(FeedDatabases.randomPrefix())
                .build();
        jdbc.schema().migrate();
        feed = PollingChangeFeed.builder(pool)
                .tablePrefix(jdbc.tables().prefix())
                .interval(Duration.ofMillis(20))
                .gapGrace(Duration.ofMinutes(5))
                .build();
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
        awaitTrue(Duration.ofSeconds(10), "first poll", () -> heard.contains("*"));
    }

    @AfterEach
    void stop() {
        feed.close();
        pool.close();
    }

    @Test
    void reportsEachLoggedWorkspaceOnce() throws SQLException {
        log(1, "one");
        log(2, "two");

        awaitTrue(Duration.ofSeconds(5), "both changes heard", () -> heard.containsAll(List.of("one", "two")));
        log(3, "three");
        awaitTrue(Duration.ofSeconds(5), "third change heard", () -> heard.contains("three"));

        assertThat(heard).containsExactly("*", "one", "two", "three");
    }

    @Test
    void aRowCommittedLateBelowAHigherOneIsStillHeardAndNothingTwice() throws SQLException {
        log(1, "one");
        log(3, "three");
        awaitTrue(Duration.ofSeconds(5), "changes around the hole heard", () -> heard.contains("three"));
        // Further polls re-read past the hole; row 3 must not be reported again.
        log(4, "four");
        awaitTrue(Duration.ofSeconds(5), "change after the hole heard", () -> heard.contains("four"));

        // The slow transaction that took number 2 commits now.
        log(2, "two");

        awaitTrue(Duration.ofSeconds(5), "the late change heard", () -> heard.contains("two"));
        log(5, "five");
        awaitTrue(Duration.ofSeconds(5), "a change after the hole closed", () -> heard.contains("five"));
        assertThat(heard).containsExactly("*", "one", "three", "four", "two", "five");
    }

    @Test
    void publishSendsNothingBecauseTheRepositoryLogsInsideItsTransaction() throws SQLException {
        feed.publish(WorkspaceId.of("acme"), IntegrationId.of("openai"));
        log(1, "marker");

        awaitTrue(Duration.ofSeconds(5), "marker heard", () -> heard.contains("marker"));
        assertThat(heard).doesNotContain("acme");
    }

    @Test
    void afterFailedPollsItReportsThatEverythingMayHaveChanged() {
        AtomicBoolean down = new AtomicBoolean();
        DataSource flaky = (DataSource) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down.get()) {
                        throw new SQLException("database unreachable (simulated)", "08001");
                    }
                    try {
                        return method.invoke(pool, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<String> heardByFlaky = new CopyOnWriteArrayList<>();
        try (PollingChangeFeed onFlaky = PollingChangeFeed.builder(flaky)
                .tablePrefix(jdbc.tables().prefix())
                .interval(Duration.ofMillis(20))
                .build()) {
            onFlaky.subscribe(new ChangeFeed.Subscriber() {
                @Override
                public void workspaceChanged(WorkspaceId workspace) {
                    heardByFlaky.add(workspace.value());
                }

                @Override
                public void everythingChanged() {
                    heardByFlaky.add("*");
                }
            });
            awaitTrue(Duration.ofSeconds(5), "first poll", onFlaky::isHealthy);
            assertThat(heardByFlaky).containsExactly("*");

            down.set(true);
            awaitTrue(Duration.ofSeconds(5), "a failed poll", () -> !onFlaky.isHealthy());
            down.set(false);

            awaitTrue(Duration.ofSeconds(5), "recovery", onFlaky::isHealthy);
            assertThat(heardByFlaky).containsExactly("*", "*");
        }
    }

    private void log(long seq, String workspace) throws SQLException {
        String sql = "INSERT INTO " + jdbc.tables().changeLog()
                + " (seq, workspace, integration, changed_at) VALUES (?, ?, 'openai', CURRENT_TIMESTAMP)";
        try (java.sql.Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, seq);
            ps.setString(2, workspace);
            ps.executeUpdate();
        }
    }
}
