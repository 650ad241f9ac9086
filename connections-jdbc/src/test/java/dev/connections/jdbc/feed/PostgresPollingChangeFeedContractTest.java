package dev.connections.jdbc.feed;

/** The change-feed contract for the polling feed on PostgreSQL (for deployments where LISTEN is not available). */
class PostgresPollingChangeFeedContractTest extends PollingFeedContractTest {

    @Override
    String url() {
        return FeedDatabases.urlFrom(FeedDatabases.POSTGRES, "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    }
}
