package dev.connections.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.catalog.bundled.IntegrationCatalogs;
import dev.connections.event.AuditLog;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * The library wired the way a host runs it in production, with the bare SQL of an add on the same pool: a
 * HikariCP pool of 10, the JDBC adapter with its durable key-usage counter and status store, the bundled
 * catalog, the default cache, and the audit log at INFO to a file appender.
 */
final class HostSetup implements AutoCloseable {
    static final IntegrationId APP = IntegrationId.of("openai");
    /** Connections in a host's pool (HikariCP's default). */
    private static final int POOL_SIZE = 10;

    final BenchDatabase database;
    final HikariDataSource pool;
    final JdbcConnections jdbc;
    final Connections connections;
    private final BareSql bare;
    // A stored ciphertext's size: header, nonce, the key and the tag.
    private final byte[] sealedTemplate = new byte[100];

    private HostSetup(BenchDatabase database, String stem) {
        this.database = database;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(Objects.requireNonNull(database.url(), "no URL for " + database));
        config.setMaximumPoolSize(POOL_SIZE);
        config.setPoolName(stem);
        pool = new HikariDataSource(config);
        jdbc = BenchDatabase.freshTables(pool, stem);
        connections = ConnectionsBuilder.newBuilder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyUsageCounter(jdbc.keyUsageCounter())
                .statusStore(jdbc.statusStore())
                .keyRing(Fixtures.keyRing())
                .catalog(IntegrationCatalogs.bundled())
                .build();
        bare = new BareSql(jdbc);
        new SecureRandom().nextBytes(sealedTemplate);
    }

    /** The host's set-up on {@code database}, on fresh tables, with the audit log going to a file. */
    static HostSetup open(BenchDatabase database, String stem) {
        auditToFile();
        return new HostSetup(database, stem);
    }

    /** One add through the library: every add a fresh workspace's first, so the app never grows. */
    void add(long n) {
        connections.addConnection(
                WorkspaceId.of("host-add-" + n), APP, "Key " + n, Secret.of(Fixtures.apiKey((int) n)));
    }

    /** The same add as bare SQL: the connection's and the ciphertext's INSERT in one transaction. */
    int bareAdd(long n) throws SQLException {
        Object now = database.timestamp(Instant.now());
        return bare.add(pool, now, "host-bare-add-" + n, APP.value(), "Key " + n, sealedTemplate);
    }

    @Override
    public void close() throws SQLException {
        connections.close();
        BenchDatabase.drop(pool, jdbc);
        pool.close();
    }

    /**
     * Sends the audit logger, at INFO, to a file appender with logback's defaults (flushed after each line), as
     * a host's audit appender would be; only the JVM running host rows is configured so.
     */
    private static synchronized void auditToFile() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ch.qos.logback.classic.Logger audit = context.getLogger(AuditLog.LOGGER_NAME);
        if (audit.iteratorForAppenders().hasNext()) {
            return;
        }
        Path file;
        try {
            file = Files.createTempFile("connections-audit-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        file.toFile().deleteOnExit();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{ISO8601} %-5level [%thread] %logger - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("audit-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        audit.setLevel(Level.INFO);
        audit.setAdditive(false);
        audit.addAppender(appender);
    }
}
