package dev.connections.oauth2;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.zaxxer.hikari.HikariDataSource;
import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.jdbc.JdbcConnections;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.secret.Secret;
import dev.connections.tck.TckConnections;
import dev.connections.tck.TickingClock;
import dev.connections.tck.fault.Fault;
import dev.connections.tck.fault.FaultInjectingDataSource;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two facades (two host instances) sharing one database, 16 threads each, resolving the same OAuth connection
 * across its expiry, three expiries in a row, against a token endpoint (WireMock) that issues a new access token
 * and a rotated refresh token on every refresh: the server is asked exactly once per expiry, every caller gets the
 * token the server issued for that expiry, and each refresh sends the refresh token the previous answer rotated
 * in. The same again with the database connection of one facade lost during its COMMIT (the commit lands, its
 * acknowledgement does not). Each case prints its counts on one INFO line.
 */
class RefreshRaceTest {
    private static final Logger LOG = LoggerFactory.getLogger(RefreshRaceTest.class);
    private static final IntegrationId APP = IntegrationId.of("race-app");
    private static final URI REDIRECT = URI.create("https://host.example/oauth/callback");
    private static final OAuthClient CLIENT = OAuthClient.of("race-client", "race-client-secret-2c8e");
    private static final Duration PAST_EXPIRY = Duration.ofMinutes(61);
    private static final int THREADS = 16;
    private static final int EXPIRIES = 3;

    private static WireMockServer provider;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final TickingClock clock = TickingClock.startingNow();

    @BeforeAll
    static void start() {
        provider = new WireMockServer(wireMockConfig()
                .dynamicPort()
                // Templates render the random tokens; only stubs that name the transformer use it.
                .templatingEnabled(true)
                .globalTemplating(false)
                .containerThreads(64));
        provider.start();
    }

    @AfterAll
    static void stop() {
        provider.stop();
    }

    @BeforeEach
    void reset() {
        provider.resetAll();
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private TckConnections facade(JdbcConnections jdbc) {
        NimbusOAuthProtocol protocol = NimbusOAuthProtocol.builder()
                .clock(clock)
                .readTimeout(Duration.ofSeconds(10))
                .build();
        TckConnections facade = TckConnections.create(jdbc.repository(), jdbc.secretStore(), b -> b.catalog(
                        new E2eCatalog(Map.of(APP, TokenStubs.spec(provider))))
                .clock(clock)
                .oauth(protocol, OAuthClients.perApp(Map.of(APP, CLIENT))));
        closing.add(facade);
        return facade;
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(E2eDatabase.class)
    void oneTokenRequestPerExpiry(E2eDatabase database) throws Exception {
        race(database, false);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(E2eDatabase.class)
    void oneTokenRequestPerExpiryWithTheCommitAcknowledgementLost(E2eDatabase database) throws Exception {
        race(database, true);
    }

    @ParameterizedTest(name = "on {0}")
    @EnumSource(E2eDatabase.class)
    @DisplayName("a slow token endpoint (3 s, longer than the JDBC adapter's 2 s lock timeout): still one request per"
            + " expiry and every caller gets the issued token")
    void slowTokenEndpoint(E2eDatabase database) throws Exception {
        race(database, false, 1, 3000);
    }

    private void race(E2eDatabase database, boolean loseCommit) throws Exception {
        // A slow enough token endpoint that every caller of a round arrives while its refresh is in flight.
        race(database, loseCommit, EXPIRIES, 100);
    }

    private void race(E2eDatabase database, boolean loseCommit, int expiries, int refreshMillis) throws Exception {
        TokenStubs.issuing(provider, refreshMillis);
        E2eDatabase.Storage storage = database.open(8);
        closing.add(storage);
        // The other instance: its own pool, every connection of it through the fault injector.
        HikariDataSource otherPool = database.pool(8);
        closing.add(otherPool);
        FaultInjectingDataSource faults = new FaultInjectingDataSource(otherPool);
        Connections one = facade(storage.jdbc()).connections();
        Connections other = facade(storage.sameTables(faults)).connections();

        WorkspaceId workspace = WorkspaceId.of("ws-race-" + System.nanoTime());
        AuthorizationStart start = one.oauth().startAuthorization(workspace, APP, "Race", REDIRECT);
        String state = MockOAuth2ServerTest.query(start.authorizationUrl()).get("state");
        Connection made = one.oauth().completeAuthorization(workspace, AuthorizationCallback.success(state, "code-1"));
        String first = token(one, workspace);
        assertThat(token(other, workspace)).isEqualTo(first);

        List<Set<String>> handedOut = new ArrayList<>();
        int faultsInjected = 0;
        ExecutorService pool = Executors.newFixedThreadPool(THREADS * 2);
        try {
            for (int round = 1; round <= expiries; round++) {
                clock.advance(PAST_EXPIRY);
                if (loseCommit) {
                    faults.arm(Fault.loseCommitAcknowledgement());
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < THREADS * 2; i++) {
                    Connections facade = i % 2 == 0 ? one : other;
                    // With the fault armed, the faulty instance's callers go first so that it is the one that
                    // refreshes (and loses its COMMIT acknowledgement); the others arrive while that is in flight.
                    long stagger = loseCommit && facade == one ? 20 : 0;
                    results.add(pool.submit(() -> {
                        go.await();
                        Thread.sleep(stagger);
                        return token(facade, workspace);
                    }));
                }
                go.countDown();
                Set<String> tokens = new HashSet<>();
                for (Future<String> result : results) {
                    tokens.add(result.get(1, TimeUnit.MINUTES));
                }
                faultsInjected += faults.faultsInjected();
                faults.disarm();
                handedOut.add(tokens);
                assertThat(provider.findAll(postRequestedFor(urlEqualTo(TokenStubs.TOKEN_PATH))
                                .withRequestBody(containing(TokenStubs.REFRESH_GRANT))))
                        .as("token requests after %d expiries", round)
                        .hasSize(round);
            }
        } finally {
            pool.shutdownNow();
        }
        // The stored refresh token is the newest: one more expiry, one caller, sends the last one rotated in.
        TokenStubs.issuing(provider, 0);
        clock.advance(PAST_EXPIRY);
        String last = token(other, workspace);

        List<TokenStubs.Exchange> exchanges = TokenStubs.exchanges(provider);
        assertThat(exchanges).hasSize(expiries + 2);
        assertThat(exchanges.get(0).grantType()).isEqualTo("authorization_code");
        assertThat(exchanges).allSatisfy(e -> assertThat(e.status()).isEqualTo(200));
        assertThat(exchanges.get(0).accessToken()).isEqualTo(first);
        int chained = 0;
        for (int i = 1; i < exchanges.size(); i++) {
            TokenStubs.Exchange refresh = exchanges.get(i);
            assertThat(refresh.grantType()).isEqualTo("refresh_token");
            assertThat(refresh.sentRefreshToken())
                    .as("refresh %d sends the refresh token refresh %d rotated in", i, i - 1)
                    .contains(exchanges.get(i - 1).refreshToken());
            chained++;
        }
        for (int round = 1; round <= expiries; round++) {
            assertThat(handedOut.get(round - 1))
                    .as("tokens handed out after expiry %d", round)
                    .containsExactly(exchanges.get(round).accessToken());
        }
        assertThat(last).isEqualTo(exchanges.get(expiries + 1).accessToken());
        assertThat(one.connection(workspace, made.id())
                        .orElseThrow()
                        .oauthGrant()
                        .orElseThrow()
                        .status())
                .isEqualTo(OAuthGrant.Status.ACTIVE);
        if (loseCommit) {
            assertThat(faultsInjected).as("commit acknowledgements lost").isPositive();
        }

        LOG.info(
                "refresh race on {}{}{}: {} expiries x 2 facades x {} threads = {} resolves; token requests {} (refreshes"
                        + " {}, one per expiry, +1 check); distinct tokens per expiry {}; rotated refresh tokens chained"
                        + " {}/{}; commit acknowledgements lost {}",
                database,
                loseCommit ? " with the COMMIT acknowledgement lost" : "",
                expiries < EXPIRIES ? " with a slow token endpoint" : "",
                expiries,
                THREADS,
                expiries * THREADS * 2,
                exchanges.size(),
                exchanges.size() - 1,
                handedOut.stream().map(Set::size).toList(),
                chained,
                exchanges.size() - 1,
                faultsInjected);
    }

    private static String token(Connections facade, WorkspaceId workspace) {
        return facade.resolveDefault(workspace, APP).withKey(Secret::reveal);
    }
}
