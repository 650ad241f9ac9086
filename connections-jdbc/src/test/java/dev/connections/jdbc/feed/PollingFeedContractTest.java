package dev.connections.jdbc.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;

/** The change-feed contract for {@link PollingChangeFeed} (100 ms interval): B converges within 1 s. */
abstract class PollingFeedContractTest extends JdbcChangeFeedContractTest {

    @Override
    ChangeFeed feed(HikariDataSource pool, String prefix, String instance) {
        return PollingChangeFeed.builder(pool)
                .tablePrefix(prefix)
                .interval(Duration.ofMillis(100))
                .build();
    }

    @Override
    protected void awaitReady(ChangeFeed feed) {
        FeedDatabases.awaitTrue(Duration.ofSeconds(10), "first poll", ((PollingChangeFeed) feed)::isHealthy);
    }
}
