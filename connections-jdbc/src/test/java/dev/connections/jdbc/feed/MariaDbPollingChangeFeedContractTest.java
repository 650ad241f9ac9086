package dev.connections.jdbc.feed;

/** The change-feed contract for the polling feed over MariaDB. */
class MariaDbPollingChangeFeedContractTest extends PollingFeedContractTest {

    @Override
    String url() {
        return FeedDatabases.urlFrom(FeedDatabases.MARIADB, "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=");
    }
}
