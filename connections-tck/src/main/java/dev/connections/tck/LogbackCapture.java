package dev.connections.tck;

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

/** {@link LogCapture} over Logback: a list appender on the root logger, every logger turned to TRACE. */
final class LogbackCapture implements LogCapture {
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> configuredLevels = new HashMap<>();

    LogbackCapture() {
        // Every level of every logger, whatever the host's logback configuration turned down.
        for (Logger logger : root.getLoggerContext().getLoggerList()) {
            if (logger.getLevel() != null) {
                configuredLevels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        appender.start();
        root.addAppender(appender);
    }

    @Override
    public List<String> lines() {
        List<ILoggingEvent> captured;
        // Other threads (pools, drivers, background cache refreshes) may still log: AppenderBase appends
        // while holding the appender's lock, so copying under it is safe.
        synchronized (appender) {
            captured = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : captured) {
            lines.add(event.getFormattedMessage());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                lines.add(ThrowableProxyUtil.asString(thrown));
            }
        }
        return lines;
    }

    @Override
    public void stop() {
        root.detachAppender(appender);
        configuredLevels.forEach(Logger::setLevel);
        configuredLevels.clear();
    }
}
