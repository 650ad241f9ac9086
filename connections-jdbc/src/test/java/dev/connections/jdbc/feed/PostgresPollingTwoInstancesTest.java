package dev.connections.jdbc.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;

/** The polling feed works on PostgreSQL too (for deployments where LISTEN is not available). */
class PostgresPollingTwoInstancesTest extends TwoInstancesContract {

    @Override
    String url() {
        return FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }

    @Override
    ChangeFeed feed(HikariDataSource pool, String prefix, String instance) {
        return PollingChangeFeed.builder(pool)
                .tablePrefix(prefix)
                .interval(Duration.ofMillis(100))
                .build();
    }

    @Override
    Duration deadline() {
        return Duration.ofSeconds(1);
    }

    @Override
    void awaitReady(ChangeFeed feed) {
        FeedDatabases.awaitTrue(Duration.ofSeconds(10), "first poll", ((PollingChangeFeed) feed)::isHealthy);
    }
}
