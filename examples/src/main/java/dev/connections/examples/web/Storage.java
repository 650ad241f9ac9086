package dev.connections.examples.web;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.keys.KeyProviders;
import dev.connections.spi.KeyProvider;
import dev.connections.verify.CredentialVerifier;
import dev.connections.verify.HttpCredentialVerifier;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
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
 *       KeyProviders#fromText}), instead of the development key file;
 *   <li>{@value #DEVELOPMENT}{@code =true} (or starting the app with {@code --dev}): development mode, in
 *       which custom apps may also use {@code http} on loopback ({@link
 *       BaseUrlPolicy#allowingHttpOnLoopback()}), to try the page against an API running on this machine.
 *       Otherwise the library's {@link BaseUrlPolicy#defaults() default policy} applies.
 * </ul>
 *
 * <p>"Test" on the page checks keys with the library's {@link HttpCredentialVerifier} against the app's
 * real API; connection statuses (last check, last use) are stored in the same database.
 *
 * <p>Everything else in the app talks to the {@link Connections} facade only.
 */
final class Storage implements AutoCloseable {
    static final String JDBC_URL = "CONNECTIONS_JDBC_URL";
    static final String JDBC_USER = "CONNECTIONS_JDBC_USER";
    static final String JDBC_PASSWORD = "CONNECTIONS_JDBC_PASSWORD";
    static final String TABLE_PREFIX = "CONNECTIONS_JDBC_TABLE_PREFIX";
    static final String KEYS = "CONNECTIONS_KEYS";
    static final String DEVELOPMENT = "CONNECTIONS_DEV";
    static final String DEVELOPMENT_KEY_FILE = "development-keys.txt";

    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);

    private final Connections connections;
    private final String description;
    private final @Nullable HikariDataSource dataSource;

    private Storage(Connections connections, String description, @Nullable HikariDataSource dataSource) {
        this.connections = connections;
        this.description = description;
        this.dataSource = dataSource;
    }

    /** The storage the app starts with, chosen from {@code env}; files go under {@code ./data}. */
    static Storage open(Map<String, String> env) {
        return open(env, Path.of("data"));
    }

    /** The storage chosen from {@code env}; the embedded database and development key live in {@code dataDir}. */
    static Storage open(Map<String, String> env, Path dataDir) {
        return open(env, dataDir, null);
    }

    /**
     * The storage chosen from {@code env}, checking keys with {@code verifier}; null keeps the library's
     * {@link HttpCredentialVerifier}. Tests pass a scripted one so they never call a real API.
     */
    static Storage open(Map<String, String> env, Path dataDir, @Nullable CredentialVerifier verifier) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Optional<String> url = value(env, JDBC_URL);
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("connections");
        pool.setMaximumPoolSize(8);
        pool.setJdbcUrl(url.orElse("jdbc:h2:file:" + dir.resolve("connections") + ";LOCK_TIMEOUT=10000"));
        value(env, JDBC_USER).ifPresent(pool::setUsername);
        value(env, JDBC_PASSWORD).ifPresent(pool::setPassword);
        HikariDataSource dataSource = new HikariDataSource(pool);
        try {
            JdbcConnections.Builder jdbcBuilder = JdbcConnections.builder(dataSource);
            value(env, TABLE_PREFIX).ifPresent(jdbcBuilder::tablePrefix);
            JdbcConnections jdbc = jdbcBuilder.build();
            jdbc.schema().migrate();
            KeyProvider keys = value(env, KEYS).isPresent()
                    ? KeyProviders.fromText(env.get(KEYS))
                    : KeyProviders.developmentKeyFile(dir.resolve(DEVELOPMENT_KEY_FILE));
            var builder = Connections.builder()
                    .repository(jdbc.repository())
                    .secretStore(jdbc.secretStore())
                    .keyUsageCounter(jdbc.keyUsageCounter())
                    .statusStore(jdbc.statusStore())
                    .keyProvider(keys)
                    .baseUrlPolicy(baseUrlPolicy(env));
            if (verifier != null) {
                builder.credentialVerifier(verifier);
            }
            Connections connections = builder.build();
            // The URL may hold a password: describe the database without it.
            String description =
                    url.isPresent() ? jdbc.dialect() + " database from " + JDBC_URL : "embedded H2 database in " + dir;
            LOG.info("Connections are stored in the {}", description);
            return new Storage(connections, description, dataSource);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** The defaults, or in development mode the defaults plus {@code http} on loopback. */
    static BaseUrlPolicy baseUrlPolicy(Map<String, String> env) {
        if (value(env, DEVELOPMENT).filter("true"::equalsIgnoreCase).isEmpty()) {
            return BaseUrlPolicy.defaults();
        }
        LOG.warn(
                "Development mode ({}=true or --dev): custom apps may use http on loopback. Never run it so in"
                        + " production: any workspace member could reach this machine's own ports.",
                DEVELOPMENT);
        return BaseUrlPolicy.defaults().allowingHttpOnLoopback();
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
            dataSource.close();
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
