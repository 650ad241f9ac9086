package dev.connections.jdbc.feed;

import static dev.connections.jdbc.feed.FeedDatabases.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.crypto.KeyRing;
import dev.connections.error.NoConnectionException;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.secret.Secret;
import dev.connections.spi.ChangeFeed;
import dev.connections.spi.IntegrationCatalog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two host instances over one database, each with its own pool, cache and feed: a change made on A is
 * seen by {@code resolveDefault} on B within the feed's promise. Caches are set to keep entries for 10
 * minutes, so only the feed can make B converge. A subclass says how to reach the database and which
 * feed to use.
 */
abstract class TwoInstancesContract {
    static final WorkspaceId WS = WorkspaceId.of("acme");
    static final IntegrationId APP = IntegrationId.of("openai");
    static final KeyRing KEYS =
            KeyRing.builder().primary("feed-test", new byte[32]).build();

    String prefix;
    HikariDataSource poolA;
    HikariDataSource poolB;
    JdbcConnections jdbcA;
    ChangeFeed feedA;
    ChangeFeed feedB;
    Connections a;
    Connections b;

    /** The JDBC URL; skips (or under CI fails) when the database is not configured. */
    abstract String url();

    /** The feed one instance uses over its pool. */
    abstract ChangeFeed feed(HikariDataSource pool, String prefix, String instance);

    /** How long B may take to see A's change. */
    abstract Duration deadline();

    /** Waits until the instance's feed is ready to hear changes. */
    void awaitReady(ChangeFeed feed) throws Exception {}

    @BeforeEach
    void startTwoInstances() throws Exception {
        String url = url();
        prefix = FeedDatabases.randomPrefix();
        poolA = FeedDatabases.pool(url, "instance-a");
        poolB = FeedDatabases.pool(url, "instance-b");
        jdbcA = JdbcConnections.builder(poolA).tablePrefix(prefix).build();
        jdbcA.schema().migrate();
        JdbcConnections jdbcB =
                JdbcConnections.builder(poolB).tablePrefix(prefix).build();
        feedA = feed(poolA, prefix, "a");
        feedB = feed(poolB, prefix, "b");
        a = instance(jdbcA, feedA);
        b = instance(jdbcB, feedB);
        awaitReady(feedA);
        awaitReady(feedB);
    }

    @AfterEach
    void stopInstances() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (jdbcA != null) {
            FeedDatabases.drop(poolA, jdbcA);
        }
        if (poolA != null) {
            poolA.close();
        }
        if (poolB != null) {
            poolB.close();
        }
    }

    private static Connections instance(JdbcConnections jdbc, ChangeFeed feed) {
        return Connections.builder()
                .repository(jdbc.repository())
                .secretStore(jdbc.secretStore())
                .keyRing(KEYS)
                .catalog(catalog())
                .changeFeed(feed)
                .cacheMaxStaleness(Duration.ofMinutes(10))
                .negativeCacheTtl(Duration.ofMinutes(10))
                .build();
    }

    /** Runs just before A's change; the PostgreSQL test kills B's listening connection here. */
    void beforeChange() throws Exception {}

    @Test
    void setDefaultOnAReachesB() throws Exception {
        Connection first = a.addConnection(WS, APP, "Main", Secret.of("sk-test-main-0123456789"));
        Connection second = a.addConnection(WS, APP, "Backup", Secret.of("sk-test-backup-0123456789"));
        assertThat(defaultOn(b)).isEqualTo(first.id());

        beforeChange();
        a.setDefault(WS, second.id());

        awaitTrue(deadline(), "B resolving the new default", () -> second.id().equals(defaultOn(b)));
    }

    @Test
    void keyReplacementOnAReachesB() throws Exception {
        Connection c = a.addConnection(WS, APP, "Main", Secret.of("sk-test-old-0123456789"));
        assertThat(keyOn(b)).isEqualTo("sk-test-old-0123456789");

        beforeChange();
        a.editConnection(WS, c.id(), ConnectionEdit.replaceKey(c.version(), Secret.of("sk-test-new-0123456789")));

        awaitTrue(deadline(), "B resolving the replaced key", () -> "sk-test-new-0123456789".equals(keyOn(b)));
    }

    @Test
    void deleteOnAReachesB() throws Exception {
        Connection c = a.addConnection(WS, APP, "Main", Secret.of("sk-test-main-0123456789"));
        assertThat(defaultOn(b)).isEqualTo(c.id());

        beforeChange();
        a.deleteConnection(WS, c.id(), c.version());

        awaitTrue(deadline(), "B reporting no connection", () -> defaultOn(b) == null);
    }

    @Test
    void firstConnectionOnAReachesBAfterBCachedItsAbsence() throws Exception {
        assertThat(defaultOn(b)).isNull();

        beforeChange();
        Connection c = a.addConnection(WS, APP, "Main", Secret.of("sk-test-main-0123456789"));

        awaitTrue(deadline(), "B resolving the new connection", () -> c.id().equals(defaultOn(b)));
    }

    static ConnectionId defaultOn(Connections instance) {
        try {
            return instance.resolveDefault(WS, APP).connection().id();
        } catch (NoConnectionException e) {
            return null;
        }
    }

    static String keyOn(Connections instance) {
        try {
            return instance.resolveDefault(WS, APP).withKey(Secret::reveal);
        } catch (NoConnectionException e) {
            return null;
        }
    }

    static IntegrationCatalog catalog() {
        Integration openai = new Integration(
                APP, "OpenAI", "OpenAI API", List.of("AI"), CredentialSpec.of(KeyPlacement.bearer()), null, null);
        return new IntegrationCatalog() {
            @Override
            public Optional<Integration> find(IntegrationId id) {
                return id.equals(APP) ? Optional.of(openai) : Optional.empty();
            }

            @Override
            public List<Integration> all() {
                return List.of(openai);
            }
        };
    }
}
