package dev.connections.jdbc.feed;

import java.util.UUID;

/** The change-feed contract for the polling feed over one H2 database. */
class H2PollingChangeFeedContractTest extends PollingFeedContractTest {
    private final String url = "jdbc:h2:mem:feeds-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";

    @Override
    String url() {
        return url;
    }
}
