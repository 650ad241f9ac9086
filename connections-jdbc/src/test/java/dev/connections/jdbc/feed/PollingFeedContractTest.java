package dev.connections.jdbc.feed;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.jdbc.AcrossDatabases;
import dev.connections.jdbc.TestDatabase;
import dev.connections.spi.ChangeFeed;
import java.time.Duration;
import org.junit.jupiter.params.Parameter;

/**
 * The change-feed contract for {@link PollingChangeFeed} (100 ms interval) on every database (on PostgreSQL for
 * deployments where LISTEN is not available): B converges within 1 s.
 */
@AcrossDatabases
class PollingFeedContractTest extends JdbcChangeFeedContractTest implements AcrossDatabases.OnDatabase {
    @Parameter(0)
    TestDatabase database;

    @Override
    public TestDatabase database() {
        return database;
    }

    @Override
    String url() {
        return database.url();
    }

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
