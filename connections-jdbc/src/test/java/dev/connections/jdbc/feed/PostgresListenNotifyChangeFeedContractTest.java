package dev.connections.jdbc.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;

/** The change-feed contract for {@link PostgresChangeFeed} (LISTEN/NOTIFY): B converges within 1 s. */
class PostgresListenNotifyChangeFeedContractTest extends JdbcChangeFeedContractTest {

    @Override
    String url() {
        return FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    @Override
    ChangeFeed feed(HikariDataSource pool, String prefix, String instance) {
        return PostgresChangeFeed.builder(pool)
                .tablePrefix(prefix)
                .applicationName(applicationName(prefix, instance))
                .initialBackoff(initialBackoff())
                .build();
    }

    Duration initialBackoff() {
        return Duration.ofMillis(50);
    }

    @Override
    protected void awaitReady(ChangeFeed feed) throws Exception {
        assertThat(((PostgresChangeFeed) feed).awaitListening(Duration.ofSeconds(10)))
                .as("feed listening")
                .isTrue();
    }

    static String applicationName(String prefix, String instance) {
        return "feed-test-" + prefix + instance;
    }
}
