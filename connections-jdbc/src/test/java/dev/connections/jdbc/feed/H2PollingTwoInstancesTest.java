package dev.connections.jdbc.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;
import java.util.UUID;

/** Two instances over one H2 database with the polling feed (100 ms interval): B converges within 1 s. */
class H2PollingTwoInstancesTest extends TwoInstancesContract {
    private final String url = "jdbc:h2:mem:feeds-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    @Override
    String url() {
        return url;
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
