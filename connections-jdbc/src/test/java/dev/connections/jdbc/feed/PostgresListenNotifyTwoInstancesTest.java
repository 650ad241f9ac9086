package dev.connections.jdbc.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;

/** Two instances over PostgreSQL with LISTEN/NOTIFY: changes on A reach B within 1 s. */
class PostgresListenNotifyTwoInstancesTest extends TwoInstancesContract {

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
    Duration deadline() {
        return Duration.ofSeconds(1);
    }

    @Override
    void awaitReady(ChangeFeed feed) throws Exception {
        assertThat(((PostgresChangeFeed) feed).awaitListening(Duration.ofSeconds(10)))
                .as("feed listening")
                .isTrue();
    }

    static String applicationName(String prefix, String instance) {
        return "feed-test-" + prefix + instance;
    }
}
