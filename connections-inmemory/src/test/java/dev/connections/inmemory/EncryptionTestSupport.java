package dev.connections.inmemory;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.crypto.KeyRing;
import dev.connections.id.IntegrationId;
import dev.connections.spi.IntegrationCatalog;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/** Shared pieces of the encryption and rotation tests of the in-memory adapter. */
final class EncryptionTestSupport {
    static final IntegrationId ACME = IntegrationId.of("acme");
    private static final SecureRandom RANDOM = new SecureRandom();

    private EncryptionTestSupport() {}

    /** A one-app catalog, so these tests do not depend on the bundled one. */
    static IntegrationCatalog catalog() {
        Integration acme = new Integration(
                ACME, "Acme", "Test app", List.of("Test"), CredentialSpec.of(KeyPlacement.bearer()), null, null);
        return new IntegrationCatalog() {
            @Override
            public Optional<Integration> find(IntegrationId id) {
                return id.equals(ACME) ? Optional.of(acme) : Optional.empty();
            }

            @Override
            public List<Integration> all() {
                return List.of(acme);
            }
        };
    }

    static byte[] key() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    static KeyRing ring(String id) {
        return KeyRing.builder().primary(id, key()).build();
    }

    /** Captures everything logged through logback while open, with the messages of attached exceptions. */
    static final class LogCapture implements AutoCloseable {
        private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final ch.qos.logback.classic.Level previousLevel = root.getLevel();

        LogCapture() {
            appender.start();
            root.addAppender(appender);
            // logback-test.xml keeps the console at WARN; the capture must see every level.
            root.setLevel(ch.qos.logback.classic.Level.ALL);
        }

        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (ILoggingEvent event : List.copyOf(appender.list)) {
                StringBuilder line = new StringBuilder(event.getLevel() + " " + event.getFormattedMessage());
                for (Object arg : event.getArgumentArray() == null ? new Object[0] : event.getArgumentArray()) {
                    line.append(" | arg ").append(arg);
                }
                for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                }
                out.add(line.toString());
            }
            return out;
        }

        String all() {
            return String.join("\n", lines());
        }

        @Override
        public void close() {
            root.setLevel(previousLevel);
            root.detachAppender(appender);
            appender.stop();
        }
    }
}
