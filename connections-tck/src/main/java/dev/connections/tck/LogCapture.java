package dev.connections.tck;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures every log line, at every level, while a contract runs. SLF4J has no capture API of its own, so
 * this asks SLF4J which binding is active and uses that binding's capture; Logback is the one supported.
 * The kit does not bring Logback along: a plugin author who runs {@link SecretLeakContract} adds
 * {@code logback-classic} with test scope, everyone else keeps their own binding.
 */
interface LogCapture {
    /** Formatted messages and stack traces logged since {@link #start()}. */
    List<String> lines();

    /** Stops capturing and restores the configured levels. */
    void stop();

    /**
     * Starts capturing through the active SLF4J binding.
     *
     * @throws IllegalStateException when the binding is not Logback, naming what to add
     */
    static LogCapture start() {
        String binding = LoggerFactory.getILoggerFactory().getClass().getName();
        if (!binding.equals("ch.qos.logback.classic.LoggerContext")) {
            throw new IllegalStateException("SecretLeakContract scans every log line and captures them through"
                    + " Logback, but the SLF4J binding on this test class path is " + binding
                    + ": add ch.qos.logback:logback-classic with test scope");
        }
        return new LogbackCapture();
    }
}
