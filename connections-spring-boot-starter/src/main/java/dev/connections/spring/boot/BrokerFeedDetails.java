package dev.connections.spring.boot;

import dev.connections.nats.NatsChangeFeed;
import dev.connections.redis.RedisChangeFeed;
import dev.connections.spi.ChangeFeed;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.ClassUtils;

/**
 * The health details of a change feed on a broker (Redis or NATS): whether it is subscribed and how often it
 * subscribed again, and for Redis how often a heartbeat went unanswered (a silent cut the feed detected and
 * healed). Each broker's classes are touched only when its module is on the classpath.
 */
final class BrokerFeedDetails {
    private static final ClassLoader LOADER = BrokerFeedDetails.class.getClassLoader();
    private static final boolean REDIS = ClassUtils.isPresent("dev.connections.redis.RedisChangeFeed", LOADER);
    private static final boolean NATS = ClassUtils.isPresent("dev.connections.nats.NatsChangeFeed", LOADER);

    private BrokerFeedDetails() {}

    /** The details when {@code feed} is a Redis or NATS feed. */
    static Optional<Map<String, Object>> of(ChangeFeed feed) {
        if (REDIS) {
            Optional<Map<String, Object>> redis = Redis.of(feed);
            if (redis.isPresent()) {
                return redis;
            }
        }
        return NATS ? Nats.of(feed) : Optional.empty();
    }

    private static Map<String, Object> details(String type, boolean subscribed, long reconnects) {
        return Map.of("type", type, "subscribed", subscribed, "reconnects", reconnects);
    }

    /** Loaded only once connections-redis is known to be present. */
    private static final class Redis {
        static Optional<Map<String, Object>> of(ChangeFeed feed) {
            return feed instanceof RedisChangeFeed redis
                    ? Optional.of(Map.of(
                            "type", "redis",
                            "subscribed", redis.isSubscribed(),
                            "reconnects", redis.reconnects(),
                            "missedHeartbeats", redis.missedHeartbeats()))
                    : Optional.empty();
        }
    }

    /** Loaded only once connections-nats is known to be present. */
    private static final class Nats {
        static Optional<Map<String, Object>> of(ChangeFeed feed) {
            return feed instanceof NatsChangeFeed nats
                    ? Optional.of(details("nats", nats.isSubscribed(), nats.reconnects()))
                    : Optional.empty();
        }
    }
}
