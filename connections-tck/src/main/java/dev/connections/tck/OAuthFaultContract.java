package dev.connections.tck;

import static dev.connections.tck.TckOAuthCatalog.DOCS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.connections.Connections;
import dev.connections.ConnectionsBuilder;
import dev.connections.connection.Connection;
import dev.connections.error.StorageException;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.fault.FaultInjector;
import dev.connections.tck.fault.FaultPoint;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Storage faults while an access token is refreshed: at every point where a refresh's storage calls can fail
 * (a refused connection, a lost one at each statement, a commit that fails, a commit stored whose acknowledgement
 * is lost), the caller gets a valid token or a storage error, the provider is asked once per expiry, and the
 * grant survives: the refresh token the provider rotated is never lost, so the connection never needs a
 * reconnect because of a fault. The same holds with two instances racing across the expiry while one loses its
 * COMMIT acknowledgement.
 *
 * <p>Extend it and implement {@link #createStorage()}, as for {@link ConnectionsFaultContract}.
 */
public abstract class OAuthFaultContract {
    private static final String CLIENT_ID = "tck-fault-client";
    private static final URI REDIRECT = URI.create("https://host.example/oauth/callback");
    private static final Duration PAST_EXPIRY = Duration.ofMinutes(61);

    private FaultyStorage storage;
    private FaultInjector faults;
    private TickingClock clock;
    private TckOAuthProvider provider;
    private TckConnections faulty;
    private final List<TckConnections> healthy = new ArrayList<>();

    /** Storage whose calls can be made to fail, and a healthy view of the same data. */
    protected abstract FaultyStorage createStorage();

    /** Adjusts the wiring of every facade; the default changes nothing. */
    protected ConnectionsBuilder configure(ConnectionsBuilder builder) {
        return builder;
    }

    @BeforeEach
    void createFacades() {
        storage = createStorage();
        faults = storage.faults();
        clock = TickingClock.startingNow();
        provider = new TckOAuthProvider(clock, CLIENT_ID);
        faulty = facade(storage.repository(), storage.secrets());
    }

    @AfterEach
    void closeFacades() {
        try {
            faults.disarm();
            faulty.close();
            healthy.forEach(TckConnections::close);
        } finally {
            storage.cleanup().run();
        }
    }

    private TckConnections facade(ConnectionRepository repository, SecretStore secrets) {
        OAuthClient client = new OAuthClient(CLIENT_ID, Secret.of("tck-fault-client-secret"));
        return TckConnections.create(
                repository,
                secrets,
                b -> configure(b.catalog(new TckOAuthCatalog())
                        .clock(clock)
                        .oauth(provider, OAuthClients.perApp(Map.of(DOCS, client)))));
    }

    private TckConnections healthyFacade() {
        TckConnections facade = facade(storage.healthyRepository(), storage.healthySecrets());
        healthy.add(facade);
        return facade;
    }

    /** A new workspace with one connection to DOCS, made without faults, whose token has just expired. */
    private WorkspaceId expiredConnection() {
        WorkspaceId ws = WorkspaceId.of("ws-oauth-fault-" + System.nanoTime());
        Connections facade = faulty.connections();
        AuthorizationStart start = facade.oauth().startAuthorization(ws, DOCS, "Docs", REDIRECT);
        String state = TckOAuthProvider.queryParameter(start.authorizationUrl(), "state");
        Connection made = facade.oauth()
                .completeAuthorization(
                        ws, AuthorizationCallback.success(state, provider.approve(start.authorizationUrl())));
        assertThat(made.isDefault()).isTrue();
        // The token is cached by the resolve below, as a host's trigger path would have it.
        assertThat(provider.accepts(token(facade, ws))).isTrue();
        clock.advance(PAST_EXPIRY);
        return ws;
    }

    private static String token(Connections facade, WorkspaceId ws) {
        return facade.resolveDefault(ws, DOCS).withKey(Secret::reveal);
    }

    @Test
    @DisplayName("at every fault point of a refresh: a valid token or a storage error, one token request per"
            + " expiry, and the rotated refresh token never lost")
    void everyFaultPointOfARefresh() {
        WorkspaceId probe = expiredConnection();
        faults.startCounting();
        assertThat(provider.accepts(token(faulty.connections(), probe))).isTrue();
        List<FaultPoint> points = faults.faultPoints();
        faults.disarm();
        assertThat(points).as("fault points of a refresh").isNotEmpty();

        List<String> violations = new ArrayList<>();
        for (FaultPoint point : points) {
            WorkspaceId ws = expiredConnection();
            int requestsBefore = provider.refreshRequests();
            faults.startCounting();
            point.arm();
            String first = null;
            Throwable thrown = null;
            try {
                first = token(faulty.connections(), ws);
            } catch (Throwable t) {
                thrown = t;
            } finally {
                faults.disarm();
            }
            String what = "refresh when " + point.description();
            if (thrown != null && !(thrown instanceof StorageException)) {
                violations.add(what + ": the caller got " + thrown.getClass().getName() + ": " + thrown.getMessage());
            }
            if (first != null && !provider.accepts(first)) {
                violations.add(what + ": the caller got a token the provider does not accept");
            }
            // Once storage is back, this instance and another both get valid tokens without a reconnect.
            try {
                String again = token(faulty.connections(), ws);
                if (!provider.accepts(again)) {
                    violations.add(what + ": after the fault this instance hands out a refused token");
                }
                String elsewhere = token(healthyFacade().connections(), ws);
                if (!provider.accepts(elsewhere)) {
                    violations.add(what + ": after the fault another instance hands out a refused token");
                }
            } catch (RuntimeException e) {
                violations.add(what + ": after the fault resolving fails with " + e);
            }
            int requests = provider.refreshRequests() - requestsBefore;
            if (requests != 1) {
                violations.add(what + ": " + requests + " token requests for one expiry");
            }
        }
        if (!violations.isEmpty()) {
            fail(violations.size() + " of " + points.size() + " fault points broke a refresh:\n  "
                    + String.join("\n  ", violations));
        }
    }

    /**
     * Whether the fault lets the refresh's own commit land and only loses its answer: a lost commit acknowledgement
     * (a JDBC {@code commit}, or a {@code modify} at the SPI seam). A lost answer to a secret store's {@code put}
     * inside the unit fails the unit itself, so the row's change does not land.
     */
    private static boolean commitLanded(FaultPoint point) {
        String d = point.description();
        return d.contains("acknowledgement is lost") && (d.startsWith("commit") || d.contains("(modify)"));
    }

    @Test
    @DisplayName("two instances × 16 threads across the expiry, one hit at each fault point (its COMMIT"
            + " acknowledgement lost, …): every token handed out valid, the grant never lost, one token request per"
            + " expiry when the commit landed")
    void raceWithLostCommitAcknowledgement() throws Exception {
        WorkspaceId probe = expiredConnection();
        faults.startCounting();
        token(faulty.connections(), probe);
        List<FaultPoint> points = faults.faultPoints();
        faults.disarm();
        assertThat(points).as("fault points of a refresh").isNotEmpty();

        Connections other = healthyFacade().connections();
        provider.latency(Duration.ofMillis(20));
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        try {
            for (FaultPoint point : points) {
                WorkspaceId ws = expiredConnection();
                int requestsBefore = provider.refreshRequests();
                faults.startCounting();
                point.arm();
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < threads * 2; i++) {
                    Connections facade = i % 2 == 0 ? faulty.connections() : other;
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            return token(facade, ws);
                        } catch (StorageException e) {
                            // This instance's storage failed: the caller is told, nothing is lost.
                            return null;
                        } catch (TokenEndpointException e) {
                            // The other instance presented the refresh token the faulty one had spent before its
                            // store failed: refused once, not taken for a revoked grant.
                            if (e.kind() != TokenEndpointException.Kind.TRANSIENT) {
                                throw e;
                            }
                            return null;
                        }
                    }));
                }
                go.countDown();
                int served = 0;
                for (Future<String> result : results) {
                    String token;
                    try {
                        token = result.get(2, TimeUnit.MINUTES);
                    } catch (ExecutionException e) {
                        throw new AssertionError("a caller failed when " + point.description(), e.getCause());
                    }
                    if (token != null) {
                        served++;
                        assertThat(provider.accepts(token))
                                .as("a token handed out when %s", point.description())
                                .isTrue();
                    }
                }
                faults.disarm();
                if (commitLanded(point)) {
                    // The commit landed: it is settled as saved, and every caller of both instances is served.
                    assertThat(served)
                            .as("callers served when %s", point.description())
                            .isEqualTo(threads * 2);
                }
                assertThat(provider.accepts(token(faulty.connections(), ws))).isTrue();
                assertThat(provider.accepts(token(other, ws))).isTrue();
                // One request, and when the faulty instance's store did not land before the other instance took
                // the lock, one refused request from the other instance besides.
                int requests = provider.refreshRequests() - requestsBefore;
                assertThat(requests)
                        .as("token requests when %s", point.description())
                        .isBetween(1, commitLanded(point) ? 1 : 2);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
