package dev.connections.jdbc.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;

/**
 * The change-feed contract for {@link PostgresChangeFeed} with B's listening backend killed by {@code
 * pg_terminate_backend} just before each change B must converge to: B reconnects, drops its cache, and still
 * converges within 1 s.
 *
 * <p>B waits 300 ms before reconnecting and A changes only once B has noticed the loss, so A's notice is
 * certainly sent while nobody on B listens: only B's "everything changed" after the reconnect can make it
 * converge.
 */
class PostgresListenerKilledChangeFeedContractTest extends PostgresListenNotifyChangeFeedContractTest {
    private long reconnectsBefore = -1;

    @Override
    Duration initialBackoff() {
        return Duration.ofMillis(300);
    }

    @Override
    protected void beforeChange() throws Exception {
        PostgresChangeFeed listening = (PostgresChangeFeed) feedB;
        reconnectsBefore = listening.reconnects();
        String sql = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?";
        int killed = 0;
        try (java.sql.Connection c = pools.get(0).getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, applicationName(prefix, "b"));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    killed += rs.getBoolean(1) ? 1 : 0;
                }
            }
        }
        assertThat(killed).as("B's listening backends terminated").isEqualTo(1);
        awaitTrue(Duration.ofSeconds(5), "B noticing the lost connection", () -> !listening.isListening());
        // Warm B's cache again now that no notice can reach it: a late notice of A's earlier writes must not be
        // what makes B converge.
        keyOn(b);
    }

    @AfterEach
    void bReconnected() {
        if (reconnectsBefore >= 0) {
            PostgresChangeFeed listening = (PostgresChangeFeed) feedB;
            awaitTrue(Duration.ofSeconds(5), "B's feed reconnecting", () -> listening.reconnects() > reconnectsBefore);
        }
    }
}
