package dev.connections.spring.boot;

import dev.connections.redis.RedisChangeFeed;
import dev.connections.spi.ChangeFeed;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.ClassUtils;

/**
 * The health details of a {@link RedisChangeFeed}; kept apart so the indicator loads no Redis class when
 * connections-redis is absent.
 */
final class RedisFeedDetails {
    private static final boolean PRESENT =
            ClassUtils.isPresent("dev.connections.redis.RedisChangeFeed", RedisFeedDetails.class.getClassLoader());

    private RedisFeedDetails() {}

    /** The details when {@code feed} is a Redis feed. */
    static Optional<Map<String, Object>> of(ChangeFeed feed) {
        if (!PRESENT) {
            return Optional.empty();
        }
        return Loaded.of(feed);
    }

    /** Loaded only once connections-redis is known to be present. */
    private static final class Loaded {
        static Optional<Map<String, Object>> of(ChangeFeed feed) {
            if (feed instanceof RedisChangeFeed redis) {
                return Optional.of(
                        Map.of("type", "redis", "subscribed", redis.isSubscribed(), "reconnects", redis.reconnects()));
            }
            return Optional.empty();
        }
    }
}
