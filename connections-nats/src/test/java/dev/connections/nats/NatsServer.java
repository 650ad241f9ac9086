package dev.connections.nats;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/** The NATS server the tests use: its URL from the environment, skipped without it, failed under CI=true. */
final class NatsServer {
    static final String VARIABLE = "CONNECTIONS_TEST_NATS_URL";
    private static final String EXAMPLE = "nats://127.0.0.1:4222";

    private NatsServer() {}

    /** The server's URL; skips the test when unset, fails it when {@code CI=true}. */
    static String url() {
        String url = System.getenv(VARIABLE);
        if (url == null || url.isBlank()) {
            String message = "Skipped: set " + VARIABLE + " to a NATS URL to run this test, e.g. " + VARIABLE + "='"
                    + EXAMPLE + "'";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but " + VARIABLE + " is not set. " + message);
            }
            Assumptions.assumeTrue(false, message);
        }
        return url;
    }

    /** A subject no other run or test uses. */
    static String uniqueSubject() {
        return "connections.test." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Polls {@code condition} until it holds or {@code deadline} passes; no fixed sleeps. */
    static void awaitTrue(Duration deadline, String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(deadline)
                .pollInterval(Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }
}
