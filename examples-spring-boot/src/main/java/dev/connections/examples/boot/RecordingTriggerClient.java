package dev.connections.examples.boot;

import dev.connections.connection.ResolvedConnection;
import dev.connections.secret.Secret;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/** The example's {@link TriggerClient}: counts the calls that had a key and sends nothing. */
@Component
class RecordingTriggerClient implements TriggerClient {
    private final AtomicInteger sentWithKey = new AtomicInteger();

    @Override
    public String send(ResolvedConnection connection, Secret key) {
        if (key.length() > 0) {
            sentWithKey.incrementAndGet();
        }
        return connection.baseUrl().map(Object::toString).orElse("(no base URL)");
    }

    int sentWithKey() {
        return sentWithKey.get();
    }
}
