package dev.connections.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.connections.Connections;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.Disconnection;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.secret.Secret;
import dev.connections.tck.TckConnections;
import dev.connections.tck.TickingClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole stack over real HTTP: the facade, {@link NimbusOAuthProtocol}, a real authorization server
 * (navikt's mock-oauth2-server, rotating refresh tokens) and real storage (the JDBC adapter on H2, and on
 * PostgreSQL and MariaDB when configured). The code flow with PKCE is driven through the server's authorize
 * endpoint as a browser would; tokens are checked at the server's userinfo endpoint; revocation is checked by
 * trying the revoked refresh token again; and nothing secret reaches a log line, an event, an exception or a row.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(E2eDatabase.class)
class OAuthEndToEndTest {
    private static final String ISSUER = "e2e";
    private static final String CLIENT_ID = "connections-e2e";
    private static final String CLIENT_SECRET = "e2e-client-secret-4b7d1f9a";
    private static final URI REDIRECT = URI.create("http://localhost:8085/settings/connections/oauth/callback");
    private static final IntegrationId DOCS = IntegrationId.of("e2e-docs");
    private static final IntegrationId M2M = IntegrationId.of("e2e-m2m");
    private static final Duration PAST_EXPIRY = Duration.ofMinutes(61);

    private static MockOAuth2Server server;
    private static final HttpClient browser =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Parameter
    E2eDatabase database;

    private E2eDatabase.Storage storage;
    private TickingClock clock;
    private RecordingProtocol protocol;
    private TckConnections tck;
    private LogLines logs;
    private WorkspaceId workspace;
    private final OAuthClient client = OAuthClient.of(CLIENT_ID, CLIENT_SECRET);

    @BeforeAll
    static void startServer() {
        // Rotation on: each refresh answers with a new refresh token and forgets the one it was sent.
        server = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.shutdown();
    }

    @BeforeEach
    void wire() {
        logs = LogLines.capture();
        storage = database.open(4);
        clock = TickingClock.startingNow();
        protocol = new RecordingProtocol(NimbusOAuthProtocol.builder()
                .clock(clock)
                .readTimeout(Duration.ofSeconds(10))
                .build());
        tck = TckConnections.create(storage.jdbc().repository(), storage.jdbc().secretStore(), b -> b.catalog(
                        new E2eCatalog(Map.of(DOCS, docsSpec(), M2M, m2mSpec())))
                .clock(clock)
                .oauth(protocol, OAuthClients.perApp(Map.of(DOCS, client, M2M, client)))
                .oauthRefreshMargin(Duration.ofMinutes(5)));
        workspace = WorkspaceId.of("ws-e2e-" + System.nanoTime());
    }

    @AfterEach
    void close() {
        try {
            if (tck != null) {
                tck.close();
            }
            if (storage != null) {
                storage.close();
            }
        } finally {
            logs.close();
        }
    }

    private static OAuth2Spec docsSpec() {
        return new OAuth2Spec(
                server.authorizationEndpointUrl(ISSUER).uri(),
                server.tokenEndpointUrl(ISSUER).uri(),
                server.revocationEndpointUrl(ISSUER).uri(),
                // The server reads authorization requests as OpenID Connect ones, which need "openid".
                List.of("openid", "docs.read"),
                " ",
                ClientAuthentication.CLIENT_SECRET_BASIC,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.AUTHORIZATION_CODE));
    }

    private static OAuth2Spec m2mSpec() {
        return new OAuth2Spec(
                null,
                server.tokenEndpointUrl(ISSUER).uri(),
                null,
                List.of("metrics.read"),
                " ",
                ClientAuthentication.CLIENT_SECRET_POST,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.CLIENT_CREDENTIALS));
    }

    private Connections connections() {
        return tck.connections();
    }

    /** The user's browser: GETs the authorization URL, follows nothing, reads the callback the server redirects to. */
    private static URI approve(URI authorizationUrl) throws Exception {
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(authorizationUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("authorize answer").isEqualTo(302);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(REDIRECT.getPath());
        return location;
    }

    /** Runs the code flow through the facade and the server's authorize endpoint. */
    private Connection connect(String name) throws Exception {
        AuthorizationStart start = connections().oauth().startAuthorization(workspace, DOCS, name, REDIRECT);
        URI callback = approve(start.authorizationUrl());
        Map<String, String> query = MockOAuth2ServerTest.query(callback);
        return connections()
                .oauth()
                .completeAuthorization(workspace, AuthorizationCallback.success(query.get("state"), query.get("code")));
    }

    private String token(IntegrationId app) {
        return connections().resolveDefault(workspace, app).withKey(Secret::reveal);
    }

    /** The HTTP status of the server's userinfo endpoint for {@code token}: 200 when the server accepts it. */
    private static int userinfo(String token) throws Exception {
        return browser.send(
                        HttpRequest.newBuilder(server.userInfoUrl(ISSUER).uri())
                                .header("Authorization", "Bearer " + token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Whether the server still refreshes with {@code refreshToken}, asked by a protocol outside the facade. */
    private boolean stillRefreshes(String refreshToken) {
        NimbusOAuthProtocol outside = NimbusOAuthProtocol.builder()
                .readTimeout(Duration.ofSeconds(10))
                .build();
        try {
            outside.refresh(docsSpec(), client, Secret.of(refreshToken)).close();
            return true;
        } catch (TokenEndpointException e) {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(TokenEndpointException.Kind.INVALID_GRANT);
            return false;
        }
    }

    @Test
    @DisplayName("code + PKCE through the authorize endpoint, tokens the server accepts, refresh with rotation past"
            + " the expiry, and disconnect revokes at the server")
    void codeFlowRefreshAndDisconnect() throws Exception {
        AuthorizationStart start = connections().oauth().startAuthorization(workspace, DOCS, "Team docs", REDIRECT);
        Map<String, String> asked = MockOAuth2ServerTest.query(start.authorizationUrl());
        assertThat(asked)
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("client_id", CLIENT_ID)
                .containsEntry("redirect_uri", REDIRECT.toString())
                .containsKeys("code_challenge", "state");
        Map<String, String> callback = MockOAuth2ServerTest.query(approve(start.authorizationUrl()));
        assertThat(callback.get("state")).isEqualTo(asked.get("state"));

        Connection made = connections()
                .oauth()
                .completeAuthorization(
                        workspace, AuthorizationCallback.success(callback.get("state"), callback.get("code")));
        assertThat(made.isDefault()).isTrue();
        OAuthGrant grant = made.oauthGrant().orElseThrow();
        assertThat(grant.type()).isEqualTo(GrantType.AUTHORIZATION_CODE);
        assertThat(grant.status()).isEqualTo(OAuthGrant.Status.ACTIVE);
        // The server issues tokens for an hour.
        assertThat(grant.expiresAt()).hasValueSatisfying(at -> assertThat(at)
                .isBetween(
                        clock.instant().plus(Duration.ofMinutes(59)),
                        clock.instant().plus(Duration.ofMinutes(61))));

        String first = token(DOCS);
        assertThat(first).isEqualTo(protocol.accessTokens().get(0));
        assertThat(userinfo(first)).as("userinfo with the first token").isEqualTo(200);
        assertThat(userinfo(first + "x")).as("userinfo with a forged token").isNotEqualTo(200);
        assertThat(token(DOCS)).isEqualTo(first);
        assertThat(protocol.refreshes()).isZero();

        clock.advance(PAST_EXPIRY);
        String second = token(DOCS);
        assertThat(second).isNotEqualTo(first).isEqualTo(protocol.accessTokens().get(1));
        assertThat(userinfo(second)).isEqualTo(200);
        assertThat(protocol.refreshes()).isEqualTo(1);
        // Rotation: the server forgot the first refresh token; the facade stored the second and uses it next.
        List<String> refreshTokens = protocol.refreshTokens();
        assertThat(refreshTokens).hasSize(2).doesNotHaveDuplicates();
        assertThat(stillRefreshes(refreshTokens.get(0))).isFalse();

        clock.advance(PAST_EXPIRY);
        String third = token(DOCS);
        assertThat(third).isNotIn(first, second);
        assertThat(userinfo(third)).isEqualTo(200);
        assertThat(protocol.refreshes()).isEqualTo(2);
        assertThat(connections()
                        .connection(workspace, made.id())
                        .orElseThrow()
                        .oauthGrant()
                        .orElseThrow()
                        .status())
                .isEqualTo(OAuthGrant.Status.ACTIVE);

        Connection now = connections().connection(workspace, made.id()).orElseThrow();
        Disconnection gone = connections().oauth().disconnect(workspace, now.id(), now.version());
        assertThat(gone.revocation()).isEqualTo(Disconnection.Revocation.REVOKED);
        assertThat(connections().connection(workspace, made.id())).isEmpty();
        assertThat(storage.rows(storage.jdbc().tables().secrets())).isZero();
        String live = protocol.refreshTokens().get(protocol.refreshTokens().size() - 1);
        assertThat(stillRefreshes(live))
                .as("the last refresh token after disconnect")
                .isFalse();
        assertThat(tck.events(workspace)).first().isInstanceOf(ConnectionEvent.Created.class);
        assertThat(tck.events(workspace)).last().isInstanceOf(ConnectionEvent.Deleted.class);
    }

    @Test
    @DisplayName("deleteConnection revokes the refresh token at the server too")
    void deleteConnectionRevokes() throws Exception {
        Connection control = connect("Control");
        assertThat(stillRefreshes(protocol.refreshTokens().get(0)))
                .as("control: an issued refresh token refreshes when nothing revoked it")
                .isTrue();
        Connection doomed = connect("Docs");
        String live = protocol.refreshTokens().get(1);

        connections().deleteConnection(workspace, doomed.id(), doomed.version());

        assertThat(connections().connection(workspace, doomed.id())).isEmpty();
        assertThat(stillRefreshes(live))
                .as("the deleted connection's refresh token")
                .isFalse();
        assertThat(connections().connection(workspace, control.id())).isPresent();
        assertThat(tck.events(workspace))
                .filteredOn(e -> e instanceof ConnectionEvent.Deleted)
                .singleElement()
                .satisfies(e -> assertThat(e.connectionId()).isEqualTo(doomed.id()));
    }

    @Test
    @DisplayName("a token the app refuses (HTTP 401) is refreshed once at the server, and the retry's token is"
            + " accepted")
    void refusedTokenIsRefreshed() throws Exception {
        connect("Docs");
        String first = token(DOCS);
        // The app behind the connection: the server's userinfo, except that it has revoked the first token.
        java.util.function.Function<Secret, Integer> callApp = key -> {
            try {
                return key.reveal().equals(first) ? 401 : userinfo(key.reveal());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };

        int status = connections().resolveDefault(workspace, DOCS).withKey(callApp, s -> s == 401);

        assertThat(status).isEqualTo(200);
        assertThat(protocol.refreshes()).isEqualTo(1);
        assertThat(token(DOCS))
                .isNotEqualTo(first)
                .isEqualTo(protocol.accessTokens().get(1));
    }

    @Test
    @DisplayName("client credentials: a token the server accepts, a new one fetched at each expiry, never a refresh")
    void clientCredentials() throws Exception {
        Connection made = connections().oauth().connectClientCredentials(workspace, M2M, "Metrics");
        assertThat(made.oauthGrant().orElseThrow().type()).isEqualTo(GrantType.CLIENT_CREDENTIALS);
        assertThat(made.isDefault()).isTrue();
        String first = token(M2M);
        assertThat(first).isEqualTo(protocol.accessTokens().get(0));
        assertThat(userinfo(first)).isEqualTo(200);

        for (int expiry = 1; expiry <= 2; expiry++) {
            clock.advance(PAST_EXPIRY);
            String next = token(M2M);
            assertThat(next)
                    .isNotEqualTo(first)
                    .isEqualTo(protocol.accessTokens().get(expiry));
            assertThat(userinfo(next)).isEqualTo(200);
            assertThat(protocol.clientCredentialsRequests()).isEqualTo(1 + expiry);
        }
        assertThat(protocol.refreshes()).isZero();
        assertThat(protocol.refreshTokens()).isEmpty();
        Disconnection gone = connections()
                .oauth()
                .disconnect(
                        workspace,
                        made.id(),
                        connections()
                                .connection(workspace, made.id())
                                .orElseThrow()
                                .version());
        assertThat(gone.revocation()).isEqualTo(Disconnection.Revocation.NOT_SUPPORTED);
    }

    @Test
    @DisplayName("no token, code, verifier or client secret in a log line, event, exception or stored row: tokens"
            + " are stored encrypted only")
    void nothingSecretLeaks() throws Exception {
        Connection made = connect("Docs");
        token(DOCS);
        clock.advance(PAST_EXPIRY);
        token(DOCS);
        connections().oauth().connectClientCredentials(workspace, M2M, "Metrics");
        token(M2M);

        // Tokens at rest, while the connections exist: rows in the secrets table, none of them readable.
        assertThat(storage.rows(storage.jdbc().tables().secrets())).isEqualTo(2);
        List<String> stored = storage.everyStoredValue();

        // Failures: the server refuses the grant (revoked behind the facade's back), first once, then confirmed.
        List<String> messages = new ArrayList<>();
        String live = protocol.refreshTokens().get(protocol.refreshTokens().size() - 1);
        NimbusOAuthProtocol.builder().build().revoke(docsSpec(), client, Secret.of(live), true);
        clock.advance(PAST_EXPIRY);
        messages.add(describe(catchThrowable(() -> token(DOCS))));
        clock.advance(Duration.ofSeconds(3));
        Throwable confirmed = catchThrowable(() -> token(DOCS));
        assertThat(confirmed).isInstanceOf(ReconnectRequiredException.class);
        messages.add(describe(confirmed));
        Connection flagged = connections().connection(workspace, made.id()).orElseThrow();
        assertThat(flagged.oauthGrant().orElseThrow().status()).isEqualTo(OAuthGrant.Status.NEEDS_RECONNECT);
        messages.add(flagged.toString());
        // A callback with a code that was already spent: the server refuses it.
        AuthorizationStart start = connections().oauth().startAuthorization(workspace, DOCS, "Docs 2", REDIRECT);
        Map<String, String> callback = MockOAuth2ServerTest.query(approve(start.authorizationUrl()));
        connections()
                .oauth()
                .completeAuthorization(
                        workspace, AuthorizationCallback.success(callback.get("state"), callback.get("code")));
        AuthorizationStart replay = connections().oauth().startAuthorization(workspace, DOCS, "Docs 3", REDIRECT);
        String replayState =
                MockOAuth2ServerTest.query(replay.authorizationUrl()).get("state");
        messages.add(describe(catchThrowable(() -> connections()
                .oauth()
                .completeAuthorization(workspace, AuthorizationCallback.success(replayState, callback.get("code"))))));
        // A flow left pending: its state row (and the PKCE verifier with it) is stored while the user is away.
        connections().oauth().startAuthorization(workspace, DOCS, "Pending", REDIRECT);
        assertThat(storage.rows(storage.jdbc().tables().authorizationStates())).isPositive();
        stored.addAll(storage.everyStoredValue());

        List<String> secrets = new ArrayList<>(protocol.secretsSeen());
        secrets.add(CLIENT_SECRET);
        secrets.add(
                Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(secrets).as("what went over the wire").hasSizeGreaterThan(8);
        List<String> events = tck.events().stream().map(Object::toString).toList();
        assertThat(events).isNotEmpty();
        // The authorization server's own log lines (kept OFF) would quote what it was sent; only the library's count.
        List<String> lines = logs.lines().stream()
                .filter(line -> !line.startsWith("no.nav.security"))
                .toList();
        assertThat(lines).as("log lines captured").isNotEmpty();
        assertThat(stored).as("stored values read").isNotEmpty();

        for (String secret : secrets) {
            assertThat(lines).as("log lines").noneSatisfy(line -> assertThat(line)
                    .contains(secret));
            assertThat(events).as("events").noneSatisfy(e -> assertThat(e).contains(secret));
            assertThat(messages).as("exceptions").noneSatisfy(m -> assertThat(m).contains(secret));
            assertThat(stored).as("stored rows").noneSatisfy(v -> assertThat(v).contains(secret));
        }
    }

    /** An exception with its causes and stack traces, as a log line or a response would show it. */
    private static String describe(Throwable thrown) {
        assertThat(thrown).as("an exception was expected").isNotNull();
        StringWriter out = new StringWriter();
        thrown.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
