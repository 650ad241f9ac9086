/**
 * The Connections technology compatibility kit: abstract JUnit 5 and jqwik contracts every SPI implementation
 * extends, and a fault-injecting DataSource for adapter authors.
 */
module dev.connections.tck {
    requires transitive dev.connections.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive net.jqwik.api;
    requires transitive org.assertj.core;
    requires transitive java.sql;
    requires org.slf4j;
    requires awaitility;
    // Optional: only SecretLeakContract's log capture uses it, when Logback is the SLF4J binding.
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires static org.jspecify;

    exports dev.connections.tck;
    exports dev.connections.tck.fault;

    // JUnit and jqwik create the contracts' subclasses and call their methods reflectively.
    opens dev.connections.tck to
            org.junit.platform.commons,
            org.junit.jupiter.params,
            net.jqwik.engine;
}
