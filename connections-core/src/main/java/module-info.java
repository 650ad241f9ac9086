/**
 * Connections core: the facade, its domain values, encryption, the cache and the SPIs that storage and key
 * plugins implement. Every package is API or SPI; the facade's collaborators are package-private in {@code
 * dev.connections}. Jackson reads the bundled catalog as a tree, so no package is opened to it.
 */
module dev.connections.core {
    requires transitive jakarta.validation;
    requires transitive org.slf4j;
    requires transitive static org.jspecify;
    requires org.hibernate.validator;
    requires com.github.benmanes.caffeine;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    exports dev.connections;
    exports dev.connections.id;
    exports dev.connections.error;
    exports dev.connections.catalog;
    exports dev.connections.catalog.bundled;
    exports dev.connections.connection;
    exports dev.connections.secret;
    exports dev.connections.crypto;
    exports dev.connections.keys;
    exports dev.connections.spi;
    exports dev.connections.spi.support;
    exports dev.connections.cache;
    exports dev.connections.event;
    exports dev.connections.verify;
    exports dev.connections.oauth;

    // Shared by the adapters only: not API, so hosts and plugin authors never see it.
    exports dev.connections.internal to
            dev.connections.jdbc,
            dev.connections.redis,
            dev.connections.nats;

    // Hibernate Validator reads the constraint annotations of the facade's package-private input records.
    opens dev.connections to
            org.hibernate.validator;
}
