package dev.connections.tck;

import static dev.connections.tck.TckOAuthCatalog.DOCS;
import static dev.connections.tck.TckOAuthCatalog.M2M;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.Connections;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.ConnectionEdit;
import dev.connections.connection.CustomConnectionSpec;
import dev.connections.connection.OAuthGrant;
import dev.connections.connection.ResolvedConnection;
import dev.connections.error.AuthorizationFailedException;
import dev.connections.error.AuthorizationFailedException.Reason;
import dev.connections.error.BaseUrlRefusedException;
import dev.connections.error.ConnectionValidationException;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.Actor;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.Disconnection;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.secret.Secret;
import dev.connections.secret.StoredSecret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Connections made by OAuth 2.0, through the facade, on the adapter under test: the authorization code flow
 * with PKCE and its refused callbacks, the client credentials grant, refresh ahead of expiry and after a
 * refused token, a rotated refresh token never lost, one refresh per expiry across two facades sharing the
 * storage, "needs reconnect" and Reconnect, deletion with revocation, and no token in any log line, event or
 * message.
 *
 * <p>The authorization server is {@link TckOAuthProvider}, behind the {@code OAuthProtocol} SPI; {@code
 * connections-oauth2}'s tests run the wire protocol against a real server. Extend it and implement {@link
 * #createRepository()} and {@link #createSecretStore()}; the repository must keep authorization states.
 */
public abstract class OAuthConnectionsContract {
    private static final String CLIENT_ID = "tck-client";
    private static final String CLIENT_SECRET = "tck-client-secret-5f1c9a";
    private static final URI REDIRECT = URI.create("https://host.example/settings/connections/oauth/callback");
    private static final Duration MARGIN = Duration.ofMinutes(5);
    private static final Actor ALICE = Actor.of("alice", "Alice");
    private static final Actor BOB = Actor.of("bob", "Bob");

    protected TckConnections tck;
    protected TckOAuthProvider provider;
    protected TickingClock clock;
    private final List<TckConnections> extra = new ArrayList<>();
    private LogCapture logs;
    private WorkspaceId workspace;

    /** The repository under test; called before every test. */
    protected abstract ConnectionRepository createRepository();

    /** The secret store under test; called before every test, after {@link #createRepository()}. */
    protected abstract SecretStore createSecretStore();

    @BeforeEach
    void setUpOAuth() {
        logs = LogCapture.start();
        clock = TickingClock.startingNow();
        provider = new TckOAuthProvider(clock, CLIENT_ID);
        tck = facade(createRepository(), createSecretStore());
        workspace = WorkspaceId.of("ws-oauth-" + System.nanoTime());
    }

    @AfterEach
    void tearDownOAuth() {
        extra.forEach(TckConnections::close);
        extra.clear();
        if (tck != null) {
            tck.close();
        }
        logs.stop();
    }

    /** A facade over this storage with the contract's provider, client, clock and catalog. */
    protected TckConnections facade(ConnectionRepository repository, SecretStore secrets) {
        return facade(repository, secrets, BaseUrlPolicy.defaults());
    }

    private TckConnections facade(ConnectionRepository repository, SecretStore secrets, BaseUrlPolicy policy) {
        OAuthClient client = new OAuthClient(CLIENT_ID, Secret.of(CLIENT_SECRET));
        return TckConnections.create(repository, secrets, b -> b.catalog(new TckOAuthCatalog())
                .baseUrlPolicy(policy)
                .clock(clock)
                .oauth(
                        provider,
                        OAuthClients.perApp(Map.of(DOCS, client, M2M, client))
                                // A host that serves its workspaces' custom apps with a client of its own.
                                .orElse((ws, app) -> app.isCustom() ? Optional.of(client) : Optional.empty()))
                .oauthRefreshMargin(MARGIN));
    }

    private Connections connections() {
        return tck.connections();
    }

    /** Runs the whole code flow as {@code as}: start, the user approves, the callback. */
    private Connection connect(Connections as, String name) {
        AuthorizationStart start = as.oauth().startAuthorization(workspace, DOCS, name, REDIRECT);
        String state = TckOAuthProvider.queryParameter(start.authorizationUrl(), "state");
        String code = provider.approve(start.authorizationUrl());
        return as.oauth().completeAuthorization(workspace, AuthorizationCallback.success(state, code));
    }

    private String token(Connections as, IntegrationId app) {
        return as.resolveDefault(workspace, app).withKey(Secret::reveal);
    }

    // ---- authorization code ---------------------------------------------------------------------

    @Test
    @DisplayName("the code flow with PKCE makes a connection that is the app's first, hence default, and resolves"
            + " to a token the provider accepts")
    void codeFlowConnects() {
        AuthorizationStart start = connections().oauth().startAuthorization(workspace, DOCS, "Team docs", REDIRECT);
        assertThat(start.authorizationUrl().toString())
                .startsWith("https://auth.docs.example/authorize")
                .contains("code_challenge_method=S256");
        assertThat(start.expiresAt()).isBefore(clock.instant().plus(Duration.ofMinutes(10)));

        Connection made = connections()
                .oauth()
                .completeAuthorization(
                        workspace,
                        AuthorizationCallback.success(
                                TckOAuthProvider.queryParameter(start.authorizationUrl(), "state"),
                                provider.approve(start.authorizationUrl())));

        assertThat(made.isDefault()).isTrue();
        assertThat(made.name()).isEqualTo("Team docs");
        OAuthGrant grant = made.oauthGrant().orElseThrow();
        assertThat(grant.type()).isEqualTo(GrantType.AUTHORIZATION_CODE);
        assertThat(grant.status()).isEqualTo(OAuthGrant.Status.ACTIVE);
        assertThat(grant.scopes()).containsExactly("docs.read", "docs.write");
        assertThat(grant.expiresAt()).isPresent();
        assertThat(connections().connection(workspace, made.id())).contains(made);

        ResolvedConnection resolved = connections().resolveDefault(workspace, DOCS);
        assertThat(resolved.placement()).isEqualTo(KeyPlacement.bearer());
        assertThat(provider.accepts(resolved.withKey(Secret::reveal))).isTrue();
        assertThat(made.keyHint()).isEqualTo(resolved.withKey(k -> k.hint(4)));
        assertThat(tck.events(workspace))
                .singleElement()
                .isInstanceOfSatisfying(ConnectionEvent.Created.class, e -> assertThat(e.isDefault())
                        .isTrue());

        Connection second = connect(connections(), "Second docs");
        assertThat(second.isDefault()).isFalse();
        assertThat(provider.codeExchanges()).isEqualTo(2);
    }

    @Test
    @DisplayName("a replayed, unknown, tampered, expired, foreign-workspace or foreign-user state, or a denial,"
            + " stores nothing")
    void refusedCallbacksStoreNothing() {
        Connections alice = connections().as(ALICE);
        TckConnections.Snapshot before = tck.snapshot(workspace, DOCS);

        // Denied at the provider.
        AuthorizationStart denied = alice.oauth().startAuthorization(workspace, DOCS, "Docs", REDIRECT);
        assertReason(
                () -> alice.oauth()
                        .completeAuthorization(
                                workspace,
                                AuthorizationCallback.failure(
                                        TckOAuthProvider.queryParameter(denied.authorizationUrl(), "state"),
                                        "access_denied",
                                        "no")),
                Reason.ACCESS_DENIED);

        // Unknown and tampered.
        assertReason(
                () -> alice.oauth()
                        .completeAuthorization(workspace, AuthorizationCallback.success("never-issued", "c")),
                Reason.UNKNOWN_STATE);
        AuthorizationStart tampered = alice.oauth().startAuthorization(workspace, DOCS, "Docs", REDIRECT);
        String tamperedState = TckOAuthProvider.queryParameter(tampered.authorizationUrl(), "state");
        String tamperedCode = provider.approve(tampered.authorizationUrl());
        assertReason(
                () -> alice.oauth()
                        .completeAuthorization(
                                workspace,
                                AuthorizationCallback.success(tamperedState.substring(1) + "A", tamperedCode)),
                Reason.UNKNOWN_STATE);

        // Another workspace, another user.
        AuthorizationStart foreign = alice.oauth().startAuthorization(workspace, DOCS, "Docs", REDIRECT);
        String foreignState = TckOAuthProvider.queryParameter(foreign.authorizationUrl(), "state");
        String foreignCode = provider.approve(foreign.authorizationUrl());
        assertReason(
                () -> alice.oauth()
                        .completeAuthorization(
                                WorkspaceId.of(workspace.value() + "-other"),
                                AuthorizationCallback.success(foreignState, foreignCode)),
                Reason.FOREIGN_STATE);
        AuthorizationStart otherUser = alice.oauth().startAuthorization(workspace, DOCS, "Docs", REDIRECT);
        String otherUserState = TckOAuthProvider.queryParameter(otherUser.authorizationUrl(), "state");
        String otherUserCode = provider.approve(otherUser.authorizationUrl());
        assertReason(
                () -> connections()
                        .as(BOB)
                        .oauth()
                        .completeAuthorization(workspace, AuthorizationCallback.success(otherUserState, otherUserCode)),
                Reason.FOREIGN_STATE);

        // Expired.
        AuthorizationStart late = alice.oauth().startAuthorization(workspace, DOCS, "Docs", REDIRECT);
        String lateState = TckOAuthProvider.queryParameter(late.authorizationUrl(), "state");
        String lateCode = provider.approve(late.authorizationUrl());
        clock.advance(Duration.ofMinutes(11));
        assertReason(
                () -> alice.oauth()
                        .completeAuthorization(workspace, AuthorizationCallback.success(lateState, lateCode)),
                Reason.EXPIRED_STATE);

        assertThat(tck.snapshot(workspace, DOCS)).isEqualTo(before);
        assertThat(provider.codeExchanges()).isZero();

        // Replayed: the first callback connects, the same state again is unknown.
        AuthorizationStart good = alice.oauth().startAuthorization(workspace, DOCS, "Docs", REDIRECT);
        AuthorizationCallback callback = AuthorizationCallback.success(
                TckOAuthProvider.queryParameter(good.authorizationUrl(), "state"),
                provider.approve(good.authorizationUrl()));
        alice.oauth().completeAuthorization(workspace, callback);
        TckConnections.Snapshot after = tck.snapshot(workspace, DOCS);
        assertReason(() -> alice.oauth().completeAuthorization(workspace, callback), Reason.UNKNOWN_STATE);
        assertThat(tck.snapshot(workspace, DOCS)).isEqualTo(after);
    }

    @Test
    @DisplayName("starting a flow checks the name, the app and the redirect URI field by field")
    void startValidates() {
        connect(connections(), "Docs");
        assertThatThrownBy(() -> connections().oauth().startAuthorization(workspace, DOCS, "docs", REDIRECT))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsKey("name"));
        assertThatThrownBy(() -> connections()
                        .oauth()
                        .startAuthorization(workspace, TckCatalog.ALPHA, "Mail", URI.create("ftp://x/y#z")))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsKeys("integration", "redirectUri"));
        assertThatThrownBy(() -> connections().oauth().startAuthorization(workspace, M2M, "Metrics", REDIRECT))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsKey("integration"));
    }

    // ---- refresh --------------------------------------------------------------------------------

    @Test
    @DisplayName("a token is refreshed ahead of its expiry, once; the rotated refresh token is stored before the"
            + " new access token is handed out")
    void refreshesAheadOfExpiry() {
        Connection made = connect(connections(), "Docs");
        String first = token(connections(), DOCS);
        assertThat(token(connections(), DOCS)).isEqualTo(first);
        assertThat(provider.refreshRequests()).isZero();

        clock.advance(Duration.ofMinutes(56));
        String second = token(connections(), DOCS);
        assertThat(second).isNotEqualTo(first);
        assertThat(provider.accepts(second)).isTrue();
        assertThat(token(connections(), DOCS)).isEqualTo(second);
        assertThat(provider.refreshRequests()).isEqualTo(1);

        // Only the rotated refresh token is alive, and it is the one stored: the next refresh works.
        assertThat(provider.liveRefreshTokens()).hasSize(1);
        clock.advance(Duration.ofMinutes(56));
        String third = token(connections(), DOCS);
        assertThat(provider.accepts(third)).isTrue();
        assertThat(provider.refreshRequests()).isEqualTo(2);

        Connection now = connections().connection(workspace, made.id()).orElseThrow();
        assertThat(now.id()).isEqualTo(made.id());
        assertThat(now.isDefault()).isTrue();
        assertThat(now.secretRef()).isNotEqualTo(made.secretRef());
        // Each refresh replaced the sealed tokens: one secret left, the old ones destroyed.
        assertThat(tck.secretsOf(workspace))
                .singleElement()
                .satisfies(s -> assertThat(s.binding().ref()).isEqualTo(now.secretRef()));
    }

    @Test
    @DisplayName("a refresh answer without a refresh token keeps the old one")
    void keepsRefreshTokenWhenNoneIsReturned() {
        connect(connections(), "Docs");
        provider.rotateRefreshTokens(false);
        for (int i = 1; i <= 3; i++) {
            clock.advance(Duration.ofMinutes(56));
            assertThat(provider.accepts(token(connections(), DOCS))).isTrue();
            assertThat(provider.refreshRequests()).isEqualTo(i);
        }
    }

    @Test
    @DisplayName("a token the app refused (401) is refreshed once, however many callers report it")
    void refusedTokenIsRefreshedOnce() throws Exception {
        connect(connections(), "Docs");
        String first = token(connections(), DOCS);
        provider.latency(Duration.ofMillis(50));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                ResolvedConnection resolved = connections().resolveDefault(workspace, DOCS);
                results.add(pool.submit(() -> {
                    go.await();
                    // The app refuses the first token, as after a revocation of that token alone.
                    return resolved.withKey(Secret::reveal, token -> token.equals(first));
                }));
            }
            go.countDown();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            for (Future<String> result : results) {
                seen.add(result.get(1, TimeUnit.MINUTES));
            }
            assertThat(seen).singleElement().isNotEqualTo(first);
            assertThat(provider.accepts(seen.iterator().next())).isTrue();
            assertThat(provider.refreshRequests()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("two facades × 16 threads resolving across the expiry: one token request per expiry, every"
            + " caller gets a valid token, and the stored refresh token is the newest")
    void oneRefreshPerExpiryAcrossInstances() throws Exception {
        TckConnections other = facade(tck.repository(), tck.secrets());
        extra.add(other);
        connect(connections(), "Docs");
        provider.latency(Duration.ofMillis(20));
        int threads = 16;
        int expiries = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
        try {
            for (int round = 1; round <= expiries; round++) {
                clock.advance(Duration.ofMinutes(56));
                CountDownLatch go = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < threads * 2; i++) {
                    Connections facade = i % 2 == 0 ? connections() : other.connections();
                    results.add(pool.submit(() -> {
                        go.await();
                        return token(facade, DOCS);
                    }));
                }
                go.countDown();
                for (Future<String> result : results) {
                    assertThat(provider.accepts(result.get(1, TimeUnit.MINUTES)))
                            .as("every caller's token is valid at the provider")
                            .isTrue();
                }
                assertThat(provider.refreshRequests())
                        .as("token requests after %d expiries", round)
                        .isEqualTo(round);
                assertThat(provider.liveRefreshTokens()).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        // The stored refresh token is the live one: one more expiry refreshes without invalid_grant.
        clock.advance(Duration.ofMinutes(56));
        assertThat(provider.accepts(token(other.connections(), DOCS))).isTrue();
        assertThat(provider.refreshRequests()).isEqualTo(expiries + 1);
    }

    @Test
    @DisplayName("a transient failure keeps the still-valid token in use and changes nothing; once the token"
            + " expired it reaches the caller")
    void transientFailureKeepsServing() {
        Connection made = connect(connections(), "Docs");
        String first = token(connections(), DOCS);
        clock.advance(Duration.ofMinutes(56));
        provider.failNext(TckOAuthProvider.Failure.TRANSIENT);
        assertThat(token(connections(), DOCS)).isEqualTo(first);
        assertThat(connections().connection(workspace, made.id())).contains(made);

        // Within the back-off the old token is served without asking the provider again.
        int requests = provider.refreshRequests();
        assertThat(token(connections(), DOCS)).isEqualTo(first);
        assertThat(provider.refreshRequests()).isEqualTo(requests);

        // Past the back-off and past the expiry, a failure is the caller's to see; nothing is deleted.
        clock.advance(Duration.ofMinutes(10));
        provider.failNext(TckOAuthProvider.Failure.TRANSIENT);
        assertThatThrownBy(() -> token(connections(), DOCS))
                .isInstanceOfSatisfying(TokenEndpointException.class, e -> assertThat(e.kind())
                        .isEqualTo(TokenEndpointException.Kind.TRANSIENT));
        assertThat(connections().connection(workspace, made.id())).contains(made);
    }

    @Test
    @DisplayName("invalid_grant flags the connection 'needs reconnect' (event, audit line); Reconnect keeps its"
            + " id, name and default")
    void invalidGrantNeedsReconnect() {
        Connection made = connect(connections(), "Docs");
        connections().editConnection(workspace, made.id(), ConnectionEdit.rename(made.version(), "Team docs"));
        String first = token(connections(), DOCS);
        provider.revokeAllGrants();
        clock.advance(Duration.ofMinutes(56));

        // A first invalid_grant is confirmed by a second one before the connection is flagged (another instance
        // may have spent the refresh token and not yet stored what it got); meanwhile the valid token serves.
        assertThat(token(connections(), DOCS)).isEqualTo(first);
        assertThat(connections()
                        .connection(workspace, made.id())
                        .orElseThrow()
                        .oauthGrant()
                        .orElseThrow()
                        .status())
                .isEqualTo(OAuthGrant.Status.ACTIVE);
        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(() -> token(connections(), DOCS)).isInstanceOf(ReconnectRequiredException.class);
        Connection flagged = connections().connection(workspace, made.id()).orElseThrow();
        assertThat(flagged.oauthGrant().orElseThrow().needsReconnect()).isTrue();
        assertThat(tck.events(workspace)).anySatisfy(e -> assertThat(e)
                .isInstanceOfSatisfying(ConnectionEvent.ReconnectNeeded.class, r -> assertThat(r.reason())
                        .isEqualTo("invalid_grant")));
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("connection.reconnect_needed"));
        assertThat(connections().connectedApps(workspace))
                .filteredOn(app -> app.integration().id().equals(DOCS))
                .singleElement()
                .satisfies(app -> assertThat(app.needsAttention()).isTrue());
        // Resolving again asks no one: the flag says it all.
        int requests = provider.refreshRequests();
        assertThatThrownBy(() -> connections().resolveDefault(workspace, DOCS))
                .isInstanceOf(ReconnectRequiredException.class);
        assertThat(provider.refreshRequests()).isEqualTo(requests);

        AuthorizationStart again = connections().oauth().startReconnect(workspace, made.id(), REDIRECT);
        Connection back = connections()
                .oauth()
                .completeAuthorization(
                        workspace,
                        AuthorizationCallback.success(
                                TckOAuthProvider.queryParameter(again.authorizationUrl(), "state"),
                                provider.approve(again.authorizationUrl())));
        assertThat(back.id()).isEqualTo(made.id());
        assertThat(back.name()).isEqualTo("Team docs");
        assertThat(back.isDefault()).isTrue();
        assertThat(back.oauthGrant().orElseThrow().status()).isEqualTo(OAuthGrant.Status.ACTIVE);
        assertThat(connections().connections(workspace, DOCS)).singleElement().isEqualTo(back);
        assertThat(provider.accepts(token(connections(), DOCS))).isTrue();
        assertThat(tck.events(workspace)).last().isInstanceOf(ConnectionEvent.Reconnected.class);
        assertThat(connections().connectedApps(workspace))
                .filteredOn(app -> app.integration().id().equals(DOCS))
                .singleElement()
                .satisfies(app -> assertThat(app.needsAttention()).isFalse());
    }

    // ---- client credentials -----------------------------------------------------------------------

    @Test
    @DisplayName("client credentials fetches a new token at each expiry and never refreshes")
    void clientCredentialsFetchesAgain() {
        Connection made = connections().oauth().connectClientCredentials(workspace, M2M, "Metrics");
        assertThat(made.oauthGrant().orElseThrow().type()).isEqualTo(GrantType.CLIENT_CREDENTIALS);
        assertThat(made.isDefault()).isTrue();
        ResolvedConnection resolved = connections().resolveDefault(workspace, M2M);
        assertThat(resolved.placement()).isEqualTo(KeyPlacement.header("X-Access-Token"));
        String first = resolved.withKey(Secret::reveal);
        assertThat(provider.accepts(first)).isTrue();

        for (int i = 2; i <= 3; i++) {
            clock.advance(Duration.ofMinutes(56));
            String next = token(connections(), M2M);
            assertThat(next).isNotEqualTo(first);
            assertThat(provider.accepts(next)).isTrue();
            assertThat(provider.clientCredentialRequests()).isEqualTo(i);
        }
        assertThat(provider.refreshRequests()).isZero();
    }

    @Test
    @DisplayName("client credentials needs a confidential client: a public one is refused field by field")
    void clientCredentialsNeedsAClientSecret() {
        TckConnections publicClient =
                TckConnections.create(createRepository(), createSecretStore(), b -> b.catalog(new TckOAuthCatalog())
                        .clock(clock)
                        .oauth(provider, OAuthClients.perApp(Map.of(M2M, new OAuthClient(CLIENT_ID, null)))));
        extra.add(publicClient);
        assertThatThrownBy(() -> publicClient.connections().oauth().connectClientCredentials(workspace, M2M, "Metrics"))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.errorsFor("integration"))
                        .singleElement()
                        .asString()
                        .contains("client secret"));
        assertThat(provider.clientCredentialRequests()).isZero();
    }

    // ---- delete ---------------------------------------------------------------------------------

    @Test
    @DisplayName("deleting revokes at the provider; a failed revocation still deletes, and says so")
    void deleteRevokes() {
        Connection made = connect(connections(), "Docs");
        Set<String> refreshTokens = provider.liveRefreshTokens();
        Disconnection revoked = connections().oauth().disconnect(workspace, made.id(), made.version());
        assertThat(revoked.revocation()).isEqualTo(Disconnection.Revocation.REVOKED);
        assertThat(provider.revoked()).containsExactlyElementsOf(refreshTokens);
        assertThat(provider.liveRefreshTokens()).isEmpty();
        assertThat(connections().connection(workspace, made.id())).isEmpty();
        assertThat(tck.secretsOf(workspace)).isEmpty();

        Connection second = connect(connections(), "Docs again");
        provider.revocationFails(true);
        connections().deleteConnection(workspace, second.id(), second.version());
        assertThat(connections().connection(workspace, second.id())).isEmpty();
        assertThat(tck.secretsOf(workspace)).isEmpty();

        Connection m2m = connections().oauth().connectClientCredentials(workspace, M2M, "Metrics");
        assertThat(connections()
                        .oauth()
                        .disconnect(workspace, m2m.id(), m2m.version())
                        .revocation())
                .isEqualTo(Disconnection.Revocation.NOT_SUPPORTED);
    }

    @Test
    @DisplayName("an OAuth connection's key cannot be replaced by a pasted one")
    void apiKeyEditRefused() {
        Connection made = connect(connections(), "Docs");
        assertThatThrownBy(() -> connections()
                        .editConnection(
                                workspace,
                                made.id(),
                                ConnectionEdit.replaceApiKey(made.version(), Secret.of("pasted-key-123456"))))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsKey("apiKey"));
    }

    // ---- custom apps --------------------------------------------------------------------------------

    /** A custom app described as an OAuth 2.0 app; its token goes in an {@code X-Acme-Token} header. */
    private static CustomConnectionSpec.Builder customOAuth(String connectionName) {
        return CustomConnectionSpec.builder()
                .appName("Acme Wiki")
                .baseUrl("https://api.acme-wiki.example")
                .header("X-Acme-Token", "")
                .connectionName(connectionName)
                .oauth2(
                        "https://auth.acme-wiki.example/oauth/authorize",
                        "https://auth.acme-wiki.example/oauth/token",
                        "wiki.read",
                        "wiki.write")
                .revocationUrl("https://auth.acme-wiki.example/oauth/revoke");
    }

    private Connection connectCustom(Connections as, CustomConnectionSpec spec) {
        AuthorizationStart start = as.oauth().startCustomAuthorization(workspace, spec, REDIRECT);
        String state = TckOAuthProvider.queryParameter(start.authorizationUrl(), "state");
        String code = provider.approve(start.authorizationUrl());
        return as.oauth().completeAuthorization(workspace, AuthorizationCallback.success(state, code));
    }

    @Test
    @DisplayName("a custom app described as an OAuth 2.0 app is connected through the whole flow, resolves to a"
            + " token the provider accepts in its own header, refreshes, takes a second connection and revokes")
    void customAppConnectsByOAuth() {
        AuthorizationStart start = connections()
                .oauth()
                .startCustomAuthorization(workspace, customOAuth("Team wiki").build(), REDIRECT);
        assertThat(start.authorizationUrl().toString())
                .startsWith("https://auth.acme-wiki.example/oauth/authorize?")
                .contains("code_challenge_method=S256");
        Connection made = connections()
                .oauth()
                .completeAuthorization(
                        workspace,
                        AuthorizationCallback.success(
                                TckOAuthProvider.queryParameter(start.authorizationUrl(), "state"),
                                provider.approve(start.authorizationUrl())));

        IntegrationId app = made.integration();
        assertThat(app.isCustom()).isTrue();
        assertThat(made.isDefault()).isTrue();
        assertThat(made.name()).isEqualTo("Team wiki");
        assertThat(made.oauthGrant().orElseThrow().scopes()).containsExactly("wiki.read", "wiki.write");
        OAuth2Spec declared = connections()
                .integration(workspace, app)
                .orElseThrow()
                .credentials()
                .oauth()
                .orElseThrow();
        assertThat(declared.tokenUrl()).isEqualTo(URI.create("https://auth.acme-wiki.example/oauth/token"));
        assertThat(declared.revocation()).contains(URI.create("https://auth.acme-wiki.example/oauth/revoke"));

        ResolvedConnection resolved = connections().resolveDefault(workspace, app);
        assertThat(resolved.placement()).isEqualTo(KeyPlacement.header("X-Acme-Token"));
        String first = resolved.withKey(Secret::reveal);
        assertThat(provider.accepts(first)).isTrue();

        clock.advance(Duration.ofMinutes(56));
        String refreshed = token(connections(), app);
        assertThat(refreshed).isNotEqualTo(first);
        assertThat(provider.accepts(refreshed)).isTrue();
        assertThat(provider.refreshRequests()).isEqualTo(1);

        // The same spec again is the same app: a second connection, not a second app.
        Connection second = connectCustom(connections(), customOAuth("Ops wiki").build());
        assertThat(second.integration()).isEqualTo(app);
        assertThat(second.isDefault()).isFalse();
        assertThat(connections().connections(workspace, app)).hasSize(2);

        Set<String> live = provider.liveRefreshTokens();
        Disconnection gone = connections()
                .oauth()
                .disconnect(
                        workspace,
                        made.id(),
                        connections()
                                .connection(workspace, made.id())
                                .orElseThrow()
                                .version());
        assertThat(gone.revocation()).isEqualTo(Disconnection.Revocation.REVOKED);
        assertThat(provider.revoked()).singleElement().isIn(live);
    }

    @Test
    @DisplayName("a custom OAuth app is refused field by field: hostile endpoint URLs, a key given, no OAuth"
            + " description, another definition under the same name; nothing is stored")
    void customAppStartValidates() {
        TckConnections.Snapshot before = tck.snapshot(workspace);
        for (String hostile : List.of(
                "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.5/token",
                "https://0x7f.1/token",
                "https://localhost/token",
                "http://auth.acme-wiki.example/oauth/token")) {
            assertThatThrownBy(() -> connections()
                            .oauth()
                            .startCustomAuthorization(
                                    workspace,
                                    customOAuth("Team wiki")
                                            .oauth2(CustomConnectionSpec.OAuth2.of(
                                                    "https://auth.acme-wiki.example/oauth/authorize",
                                                    hostile,
                                                    "wiki.read"))
                                            .build(),
                                    REDIRECT))
                    .as(hostile)
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                            .containsOnlyKeys("oauth2.tokenUrl"));
        }
        assertThatThrownBy(() -> connections()
                        .oauth()
                        .startCustomAuthorization(
                                workspace,
                                customOAuth("Team wiki")
                                        .revocationUrl("https://[::ffff:127.0.0.1]/revoke")
                                        .apiKey(Secret.of("pasted-key-123456"))
                                        .build(),
                                URI.create("ftp://x/y")))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("oauth2.revocationUrl", "apiKey", "redirectUri"));
        CustomConnectionSpec keyOnly = CustomConnectionSpec.builder()
                .appName("Acme Wiki")
                .baseUrl("https://api.acme-wiki.example")
                .connectionName("Team wiki")
                .apiKey(Secret.of("acme-wiki-key-123456"))
                .build();
        assertThatThrownBy(() -> connections().oauth().startCustomAuthorization(workspace, keyOnly, REDIRECT))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("oauth2"));
        // An OAuth app has no key to add.
        assertThatThrownBy(() -> connections()
                        .addCustomConnection(workspace, customOAuth("Team wiki").build()))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("apiKey"));
        assertThat(tck.snapshot(workspace)).isEqualTo(before);

        // Once the app exists, the same name must mean the same definition, OAuth part included.
        Connection made = connectCustom(connections(), customOAuth("Team wiki").build());
        for (CustomConnectionSpec other : List.of(
                customOAuth("Other wiki")
                        .oauth2(
                                "https://auth.acme-wiki.example/oauth/authorize",
                                "https://tokens.elsewhere.example/oauth/token",
                                "wiki.read",
                                "wiki.write")
                        .build(),
                customOAuth("Other wiki")
                        .oauth2(
                                "https://auth.acme-wiki.example/oauth/authorize",
                                "https://auth.acme-wiki.example/oauth/token",
                                "wiki.admin")
                        .build(),
                customOAuth("Other wiki")
                        .clientAuthentication(dev.connections.catalog.ClientAuthentication.CLIENT_SECRET_POST)
                        .build())) {
            assertThatThrownBy(() -> connections().oauth().startCustomAuthorization(workspace, other, REDIRECT))
                    .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                            .containsOnlyKeys("appName"));
        }
        // A key connection to the OAuth app's name with the same base URL and header is another definition too.
        assertThatThrownBy(() -> connections()
                        .addCustomConnection(
                                workspace,
                                customOAuth("Key wiki")
                                        .oauth2(null)
                                        .apiKey(Secret.of("acme-wiki-key-123456"))
                                        .build()))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("appName"));
        // A taken connection name is refused before the user leaves for the provider.
        assertThatThrownBy(() -> connections()
                        .oauth()
                        .startCustomAuthorization(
                                workspace, customOAuth("Team wiki").build(), REDIRECT))
                .isInstanceOf(ConnectionValidationException.class)
                .satisfies(e -> assertThat(((ConnectionValidationException) e).fieldErrors())
                        .containsOnlyKeys("connectionName"));
        assertThat(connections().connections(workspace, made.integration()))
                .extracting(Connection::id)
                .containsExactly(made.id());
    }

    @Test
    @DisplayName("a custom app whose token URL the current policy refuses gets no code, refresh or revocation"
            + " request, though a looser policy stored it")
    void customAppEndpointsAreCheckedAgainstTheCurrentPolicy() {
        TckConnections looser = facade(tck.repository(), tck.secrets(), BaseUrlPolicy.allowing("10.0.0.0/8"));
        extra.add(looser);
        CustomConnectionSpec internal = customOAuth("Team wiki")
                .oauth2(
                        "https://auth.acme-wiki.example/oauth/authorize",
                        "https://10.20.30.40/oauth/token",
                        "wiki.read")
                .revocationUrl("https://10.20.30.40/oauth/revoke")
                .build();
        assertThatThrownBy(() -> connections().oauth().startCustomAuthorization(workspace, internal, REDIRECT))
                .isInstanceOfSatisfying(ConnectionValidationException.class, e -> assertThat(e.fieldErrors())
                        .containsOnlyKeys("oauth2.tokenUrl", "oauth2.revocationUrl"));

        // Started under the looser policy, finished under the default one: the code is not sent to 10.20.30.40.
        AuthorizationStart start = looser.connections().oauth().startCustomAuthorization(workspace, internal, REDIRECT);
        String state = TckOAuthProvider.queryParameter(start.authorizationUrl(), "state");
        String code = provider.approve(start.authorizationUrl());
        assertReason(
                () -> connections()
                        .oauth()
                        .completeAuthorization(workspace, AuthorizationCallback.success(state, code)),
                Reason.PROVIDER_ERROR);
        assertThat(provider.codeExchanges()).isZero();

        Connection made = connectCustom(looser.connections(), internal);
        assertThat(provider.codeExchanges()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(56));
        assertThatThrownBy(() -> token(connections(), made.integration()))
                .isInstanceOf(BaseUrlRefusedException.class)
                .hasMessageContaining("10.20.30.40");
        assertThat(provider.refreshRequests()).isZero();
        Disconnection gone = connections().oauth().disconnect(workspace, made.id(), made.version());
        assertThat(gone.revocation()).isEqualTo(Disconnection.Revocation.FAILED);
        assertThat(provider.revoked()).isEmpty();
        assertThat(connections().connection(workspace, made.id())).isEmpty();
    }

    // ---- secrets ----------------------------------------------------------------------------------

    @Test
    @DisplayName("no token, code, verifier or client secret in a log line, event, exception or stored row")
    void tokensNeverLeak() {
        Connection made = connect(connections(), "Docs");
        List<String> plain = new ArrayList<>();
        plain.add(CLIENT_SECRET);
        plain.add(token(connections(), DOCS));
        plain.addAll(provider.liveRefreshTokens());
        clock.advance(Duration.ofMinutes(56));
        plain.add(token(connections(), DOCS));
        plain.addAll(provider.liveRefreshTokens());
        List<String> messages = new ArrayList<>();
        provider.failNext(TckOAuthProvider.Failure.TRANSIENT);
        clock.advance(Duration.ofMinutes(70));
        try {
            token(connections(), DOCS);
        } catch (RuntimeException e) {
            messages.add(String.valueOf(e));
        }
        provider.revokeAllGrants();
        clock.advance(Duration.ofMinutes(20));
        try {
            token(connections(), DOCS);
        } catch (RuntimeException e) {
            messages.add(String.valueOf(e));
        }
        messages.add(
                String.valueOf(connections().connection(workspace, made.id()).orElseThrow()));
        tck.events().forEach(e -> messages.add(e.toString()));
        messages.addAll(logs.lines());
        for (StoredSecret stored : tck.secretsOf(workspace)) {
            messages.add(new String(stored.sealed().toBytes(), StandardCharsets.ISO_8859_1));
        }
        for (String value : plain) {
            assertThat(messages).noneSatisfy(m -> assertThat(m).contains(value));
        }
    }

    private static void assertReason(Runnable call, Reason reason) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(AuthorizationFailedException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason));
    }
}
