package dev.connections.examples.web;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.crypto.KeyRing;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the reference app keeps its connections: the one class to change when a host swaps storage.
 *
 * <p>By default an embedded H2 database in {@code ./data}, created on first start, with a development
 * encryption key file beside it (the library logs a warning). Environment variables switch to real
 * infrastructure:
 *
 * <ul>
 *   <li>{@value #JDBC_URL}: a JDBC URL (PostgreSQL, MariaDB/MySQL or H2), with {@value #JDBC_USER} and
 *       {@value #JDBC_PASSWORD} when the URL does not carry them, and {@value #TABLE_PREFIX} to change
 *       the tables' prefix;
 *   <li>{@value #KEYS}: the encryption keys in the library's text form (see {@link
 *       KeyProviders#fromEnvironment}), instead of the development key file.
 * </ul>
 *
 * <p>Everything else in the app talks to the {@link Connections} facade only.
 */
final class Storage implements AutoCloseable {
    static final String JDBC_URL = "CONNECTIONS_JDBC_URL";
    static final String JDBC_USER = "CONNECTIONS_JDBC_USER";
    static final String JDBC_PASSWORD = "CONNECTIONS_JDBC_PASSWORD";
    static final String TABLE_PREFIX = "CONNECTIONS_JDBC_TABLE_PREFIX";
    static final String KEYS = "CONNECTIONS_KEYS";
    static final String DEVELOPMENT_KEY_FILE = "development-keys.txt";

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final Connections connections;
    private final String description;
    private final @Nullable AutoCloseable dataSource;

    private Storage(Connections connections, String description, @Nullable AutoCloseable dataSource) {
        this.connections = connections;
        this.description = description;
        this.dataSource = dataSource;
    }

    /** The storage the app starts with, chosen from {@code env}; files go under {@code ./data}. */
    static Storage open(Map<String, String> env) {
        return open(env, Path.of("data"));
    }

    /** INTERIM until connections-jdbc is on main: in memory. */
    static Storage open(Map<String, String> env, Path dataDir) {
        LOG.warn("Connections are kept in memory: they are gone when the app stops.");
        return inMemory(Connections.builder());
    }

    /** In-memory storage with a generated development key, on top of {@code builder}'s other settings. */
    static Storage inMemory(ConnectionsBuilder builder) {
        Connections connections = builder.repository(new InMemoryConnectionRepository())
                .secretStore(new InMemorySecretStore())
                .keyRing(KeyRing.generateForDevelopment())
                .build();
        return new Storage(connections, "memory", null);
    }

    Connections connections() {
        return connections;
    }

    /** Where the connections are kept, for the start-up message; never contains credentials. */
    String description() {
        return description;
    }

    @Override
    public void close() {
        connections.close();
        if (dataSource != null) {
            try {
                dataSource.close();
            } catch (Exception e) {
                LOG.warn("Closing the data source failed", e);
            }
        }
    }
}
