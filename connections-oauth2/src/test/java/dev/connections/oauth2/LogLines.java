package dev.connections.oauth2;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Every log line of every logger at every level while a test runs (message, arguments formatted, and stack
 * traces), whatever {@code logback-test.xml} turns down (except the test authorization server's own loggers); {@link #close} restores the configured levels.
 */
final class LogLines implements AutoCloseable {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();

    private LogLines() {
        for (Logger logger : root.getLoggerContext().getLoggerList()) {
            // The authorization server under test logs what it was sent: its lines are not the library's.
            if (logger.getLevel() != null && !logger.getName().startsWith("no.nav.security")) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        appender.start();
        root.addAppender(appender);
    }

    /** Starts capturing. */
    static LogLines capture() {
        return new LogLines();
    }

    /** What was logged so far, one entry per line and per stack trace. */
    List<String> lines() {
        List<ILoggingEvent> events;
        // Server and pool threads may still log: the appender appends under its own lock.
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                lines.add(ThrowableProxyUtil.asString(thrown));
            }
        }
        return lines;
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        levels.forEach(Logger::setLevel);
    }
}
