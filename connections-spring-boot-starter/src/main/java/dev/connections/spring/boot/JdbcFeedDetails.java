package dev.connections.spring.boot;

import dev.connections.jdbc.feed.PollingChangeFeed;
import dev.connections.jdbc.feed.PostgresChangeFeed;
import dev.connections.spi.ChangeFeed;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.ClassUtils;

/**
 * The health details of the JDBC change feeds; kept apart so the indicator loads no JDBC class when
 * connections-jdbc is absent.
 */
final class JdbcFeedDetails {
    private static final boolean PRESENT =
            ClassUtils.isPresent("dev.connections.jdbc.feed.PollingChangeFeed", JdbcFeedDetails.class.getClassLoader());

    private JdbcFeedDetails() {}

    /** The details when {@code feed} is a PostgreSQL or polling feed. */
    static Optional<Map<String, Object>> of(ChangeFeed feed) {
        if (!PRESENT) {
            return Optional.empty();
        }
        return Loaded.of(feed);
    }

    /** Loaded only once connections-jdbc is known to be present. */
    private static final class Loaded {
        static Optional<Map<String, Object>> of(ChangeFeed feed) {
            if (feed instanceof PostgresChangeFeed postgres) {
                // The listener holds one database backend of its own (never one of the pool's): say where from.
                return Optional.of(Map.of(
                        "type",
                        "postgres",
                        "listening",
                        postgres.isListening(),
                        "reconnects",
                        postgres.reconnects(),
                        "listenerConnection",
                        postgres.listenerOrigin()));
            }
            if (feed instanceof PollingChangeFeed polling) {
                return Optional.of(Map.of(
                        "type",
                        "polling",
                        "healthy",
                        polling.isHealthy(),
                        "interval",
                        polling.interval().toString()));
            }
            return Optional.empty();
        }
    }
}
