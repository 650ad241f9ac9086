package dev.connections.jdbc.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;

/** Two instances over MariaDB with the polling feed (100 ms interval): B converges within 1 s. */
class MariaDbPollingTwoInstancesTest extends TwoInstancesContract {

    @Override
    String url() {
        return FeedDatabases.urlFrom(FeedDatabases.MARIADB, "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");
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
