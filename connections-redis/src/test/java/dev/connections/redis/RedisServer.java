package dev.connections.redis;

import static org.junit.jupiter.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/** The Redis server the tests use: its URL from the environment, skipped without it, failed under CI=true. */
final class RedisServer {
    static final String VARIABLE = "CONNECTIONS_TEST_REDIS_URL";
    private static final String EXAMPLE = "redis://127.0.0.1:6379";

    private RedisServer() {}

    /** The server's URL; skips the test when unset, fails it when {@code CI=true}. */
    static String url() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            String message = "Skipped: set " + VARIABLE + " to a Redis URL to run this test, e.g. " + VARIABLE + "='"
                    + EXAMPLE + "'";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + VARIABLE + " is not set. " + message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return url;
    }

    /** A channel (and client name) no other run or test uses. */
    static String uniqueName(String what) {
        return "connections-test-" + what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Kills every connection named {@code clientName} ({@code CLIENT KILL ID}), as a network cut or a broker
     * restart would end them; returns how many.
     */
    static int killClients(RedisClient admin, String clientName) {
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            int killed = 0;
            for (String line : c.sync().clientList().split("\n")) {
                if (line.contains(" name=" + clientName + " ")) {
                    String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                    killed += c.sync()
                            .clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)))
                            .intValue();
                }
            }
            return killed;
        }
    }

    /** How many connections are named {@code clientName} now. */
    static long clientsNamed(RedisClient admin, String clientName) {
        try (StatefulRedisConnection<String, String> c = admin.connect()) {
            return c.sync()
                    .clientList()
                    .lines()
                    .filter(line -> line.contains(" name=" + clientName + " "))
                    .count();
        }
    }

    /** Polls {@code condition} until it holds or {@code deadline} passes; no fixed sleeps. */
    static void awaitTrue(Duration deadline, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(deadline)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
