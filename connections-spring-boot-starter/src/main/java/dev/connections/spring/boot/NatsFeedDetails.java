package dev.connections.spring.boot;

import dev.connections.nats.NatsChangeFeed;
import dev.connections.spi.ChangeFeed;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.ClassUtils;

/**
 * The health details of a {@link NatsChangeFeed}; kept apart so the indicator loads no NATS class when
 * connections-nats is absent.
 */
final class NatsFeedDetails {
    private static final boolean PRESENT =
            ClassUtils.isPresent("dev.connections.nats.NatsChangeFeed", NatsFeedDetails.class.getClassLoader());

    private NatsFeedDetails() {}

    /** The details when {@code feed} is a NATS feed. */
    static Optional<Map<String, Object>> of(ChangeFeed feed) {
        return PRESENT ? Loaded.of(feed) : Optional.empty();
    }

    /** Loaded only once connections-nats is known to be present. */
    private static final class Loaded {
        static Optional<Map<String, Object>> of(ChangeFeed feed) {
            if (feed instanceof NatsChangeFeed nats) {
                return Optional.of(
                        Map.of("type", "nats", "subscribed", nats.isSubscribed(), "reconnects", nats.reconnects()));
            }
            return Optional.empty();
        }
    }
}
