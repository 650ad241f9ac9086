package dev.connections.oauth2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.oauth.TokenEndpointException.Kind;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol against a scriptable provider (WireMock): every failure kind, the answers real providers give
 * that the RFC does not (Slack's {@code ok:false}, GitHub's errors with HTTP 200), what the requests carry,
 * and the limits (timeouts, no redirects).
 */
class TokenEndpointFaultTest {
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final URI CALLBACK = URI.create("https://app.example.com/oauth/callback");

    private static WireMockServer provider;
    private final NimbusOAuthProtocol protocol = NimbusOAuthProtocol.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .connectTimeout(Duration.ofSeconds(2))
            // Generous: the first exchange in a fresh JVM on a busy machine takes a second or more.
            .readTimeout(Duration.ofSeconds(5))
            .build();
    private final OAuthClient client = OAuthClient.of("client-7", "client-secret-value-7");
    private final Secret refreshToken = Secret.of("refresh-token-value-7");

    @BeforeAll
    static void start() {
        provider = new WireMockServer(wireMockConfig().dynamicPort());
        provider.start();
        WireMock.configureFor("localhost", provider.port());
    }

    @AfterAll
    static void stop() {
        provider.stop();
    }

    @BeforeEach
    void reset() {
        provider.resetAll();
    }

    static OAuth2Spec spec(ClientAuthentication authentication, String separator, List<String> scopes) {
        String base = "http://localhost:" + provider.port();
        return new OAuth2Spec(
                URI.create(base + "/authorize"),
                URI.create(base + "/token"),
                URI.create(base + "/revoke"),
                scopes,
                separator,
                authentication,
                KeyPlacement.bearer(),
                Map.of("access_type", "offline"),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
    }

    static OAuth2Spec spec() {
        return spec(ClientAuthentication.CLIENT_SECRET_BASIC, " ", List.of("read"));
    }

    static void token(ResponseDefinitionBuilder answer) {
        provider.stubFor(post(urlEqualTo("/token")).willReturn(answer));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    static TokenEndpointException failure(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(TokenEndpointException.class);
        return (TokenEndpointException) thrown;
    }

    @Test
    void invalidGrantMeansTheUserMustConnectAgain() {
        token(json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}"));

        TokenEndpointException e = failure(() -> protocol.refresh(spec(), client, refreshToken));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(e.errorCode()).contains("invalid_grant");
        assertThat(e.getMessage()).contains("invalid_grant", "Token has been expired or revoked.", "HTTP 400");
    }

    @Test
    void theOtherRfc6749ErrorsAreASetUpProblem() {
        for (String code : List.of(
                "invalid_client",
                "unauthorized_client",
                "invalid_scope",
                "unsupported_grant_type",
                "invalid_request")) {
            token(json(code.equals("invalid_client") ? 401 : 400, "{\"error\":\"" + code + "\"}"));

            TokenEndpointException e = failure(() -> protocol.refresh(spec(), client, refreshToken));

            assertThat(e.kind()).as(code).isEqualTo(Kind.REJECTED);
            assertThat(e.errorCode()).contains(code);
        }
    }

    @Test
    void serverErrorsAreTransient() {
        token(aResponse().withStatus(500).withBody("<html>oops</html>"));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).kind())
                .isEqualTo(Kind.TRANSIENT);

        token(json(503, "{\"error\":\"temporarily_unavailable\"}").withHeader("Retry-After", "12"));
        TokenEndpointException unavailable = failure(() -> protocol.clientCredentials(spec(), client));
        assertThat(unavailable.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(12));
        assertThat(unavailable.errorCode()).contains("temporarily_unavailable");
    }

    @Test
    void rateLimitingIsTransientWithTheWaitAsked() {
        token(json(429, "{\"error\":\"rate_limited\"}").withHeader("Retry-After", "30"));
        TokenEndpointException seconds = failure(() -> protocol.refresh(spec(), client, refreshToken));
        assertThat(seconds.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(30));

        String date =
                DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(90).atZone(ZoneOffset.UTC));
        token(aResponse().withStatus(429).withHeader("Retry-After", date));
        TokenEndpointException httpDate = failure(() -> protocol.refresh(spec(), client, refreshToken));
        assertThat(httpDate.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(httpDate.retryAfter()).contains(Duration.ofSeconds(90));

        token(aResponse().withStatus(429));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).retryAfter())
                .isEmpty();
    }

    @Test
    void anAnswerSlowerThanTheReadTimeoutIsTransientAndAbandonedInTime() {
        NimbusOAuthProtocol impatient = NimbusOAuthProtocol.builder()
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(1))
                .build();
        token(json(200, "{\"access_token\":\"late\",\"token_type\":\"Bearer\"}").withFixedDelay(10_000));

        long started = System.nanoTime();
        TokenEndpointException e = failure(() -> impatient.refresh(spec(), client, refreshToken));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);

        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("no answer");
        // The read timeout (1 s) ends it, well before the 6 s bound on the whole exchange or the 10 s delay.
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(900)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void aSlowAnswerWithinTheReadTimeoutSucceeds() {
        token(json(200, "{\"access_token\":\"slow-but-fine\",\"token_type\":\"Bearer\",\"expires_in\":60}")
                .withFixedDelay(1_500));

        try (TokenGrant grant = protocol.refresh(spec(), client, refreshToken)) {
            assertThat(grant.accessToken().reveal()).isEqualTo("slow-but-fine");
            assertThat(grant.expiresAt()).isEqualTo(NOW.plusSeconds(60));
        }
    }

    @Test
    void anAnswerLargerThanAnyTokenResponseIsNotReadToTheEnd() {
        String padding = "x".repeat(300 * 1024);
        token(json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"padding\":\"" + padding + "\"}"));

        TokenEndpointException e = failure(() -> protocol.refresh(spec(), client, refreshToken));

        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("larger than 256 KiB");

        // Up to the limit is read as usual.
        token(json(
                200,
                "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"padding\":\"" + "x".repeat(200 * 1024) + "\"}"));
        protocol.refresh(spec(), client, refreshToken).close();
    }

    @Test
    void oneInstanceServesManyThreadsAtOnce() throws Exception {
        token(json(200, "{\"access_token\":\"shared\",\"token_type\":\"Bearer\",\"expires_in\":60}")
                .withFixedDelay(50));
        int threads = 16;
        int calls = 5;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < calls; i++) {
                        try (TokenGrant grant = protocol.refresh(spec(), client, Secret.of("refresh-" + i))) {
                            ok += grant.accessToken().reveal().equals("shared") ? 1 : 0;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> result : results) {
                ok += result.get(60, TimeUnit.SECONDS);
            }
            assertThat(ok).isEqualTo(threads * calls);
        } finally {
            pool.shutdownNow();
        }
        provider.verify(threads * calls, postRequestedFor(urlEqualTo("/token")));
    }

    @Test
    void anUnreachableEndpointIsTransient() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        OAuth2Spec spec = spec().withEndpoints(
                        URI.create("http://localhost:" + closed + "/authorize"),
                        URI.create("http://localhost:" + closed + "/token"),
                        null);

        TokenEndpointException e = failure(() -> protocol.refresh(spec, client, refreshToken));

        assertThat(e.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(e.getMessage()).contains("could not connect");
    }

    @Test
    void anAnswerThatIsNotAnOAuthResponseIsTransient() {
        token(aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>login</html>"));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).kind())
                .isEqualTo(Kind.TRANSIENT);

        token(json(200, "{\"token_type\":\"Bearer\"}"));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).kind())
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void aRefreshAnswerWithoutARefreshTokenHasNone() {
        token(json(200, "{\"access_token\":\"new-access\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));

        try (TokenGrant grant = protocol.refresh(spec(), client, refreshToken)) {
            assertThat(grant.accessToken().reveal()).isEqualTo("new-access");
            assertThat(grant.refreshToken()).isNull();
            assertThat(grant.scopes()).isEmpty();
            assertThat(grant.expiresAt()).isEqualTo(NOW.plusSeconds(3600));
        }
        provider.verify(postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("grant_type=refresh_token"))
                .withRequestBody(containing("refresh_token=refresh-token-value-7")));
    }

    @Test
    void aRotatedRefreshTokenIsHandedBack() {
        token(json(
                200,
                "{\"access_token\":\"new-access\",\"token_type\":\"bearer\",\"refresh_token\":\"rotated-refresh\","
                        + "\"scope\":\"read write\"}"));

        try (TokenGrant grant = protocol.refresh(spec(), client, refreshToken)) {
            assertThat(grant.refreshToken().reveal()).isEqualTo("rotated-refresh");
            assertThat(grant.scopes()).containsExactly("read", "write");
            assertThat(grant.expiresAt()).isNull();
        }
    }

    @Test
    void clientSecretBasicSendsTheSecretInTheAuthorizationHeaderOnly() {
        token(json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"));

        protocol.clientCredentials(spec(ClientAuthentication.CLIENT_SECRET_BASIC, " ", List.of("read")), client)
                .close();

        String basic =
                Base64.getEncoder().encodeToString("client-7:client-secret-value-7".getBytes(StandardCharsets.UTF_8));
        provider.verify(postRequestedFor(urlEqualTo("/token"))
                .withHeader("Authorization", equalTo("Basic " + basic))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(notContaining("client_secret"))
                .withRequestBody(notContaining("client-secret-value-7")));
    }

    @Test
    void clientSecretPostSendsTheSecretInTheBodyOnly() {
        token(json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"));

        protocol.clientCredentials(spec(ClientAuthentication.CLIENT_SECRET_POST, " ", List.of("read")), client)
                .close();

        provider.verify(postRequestedFor(urlEqualTo("/token"))
                .withHeader("Authorization", absent())
                .withRequestBody(containing("client_id=client-7"))
                .withRequestBody(containing("client_secret=client-secret-value-7")));
    }

    @Test
    void aPublicClientSendsItsIdOnly() {
        token(json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}"));
        OAuthClient publicClient = new OAuthClient("public-7", null);

        protocol.exchangeCode(spec(), publicClient, "the-code", CALLBACK, Secret.of("v".repeat(43)))
                .close();

        provider.verify(postRequestedFor(urlEqualTo("/token"))
                .withHeader("Authorization", absent())
                .withRequestBody(containing("client_id=public-7"))
                .withRequestBody(notContaining("client_secret"))
                .withRequestBody(containing("code=the-code"))
                .withRequestBody(containing("code_verifier=" + "v".repeat(43)))
                .withRequestBody(
                        containing("redirect_uri=" + URLEncoder.encode(CALLBACK.toString(), StandardCharsets.UTF_8))));
    }

    @Test
    void aPublicClientCannotUseClientCredentials() {
        TokenEndpointException e = failure(() -> protocol.clientCredentials(spec(), new OAuthClient("public-7", null)));
        assertThat(e.kind()).isEqualTo(Kind.REJECTED);
        assertThat(provider.getAllServeEvents()).isEmpty();
    }

    @Test
    void commaSeparatedScopesAreJoinedWithCommas() throws Exception {
        OAuth2Spec spec = spec(ClientAuthentication.CLIENT_SECRET_POST, ",", List.of("channels:read", "chat:write"));
        token(json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"scope\":\"channels:read,chat:write\"}"));

        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, "the-state");
        assertThat(MockOAuth2ServerTest.query(request.url())).containsEntry("scope", "channels:read,chat:write");

        try (TokenGrant grant = protocol.clientCredentials(spec, client)) {
            assertThat(grant.scopes()).containsExactly("channels:read", "chat:write");
        }
        provider.verify(postRequestedFor(urlEqualTo("/token"))
                .withRequestBody(containing("scope=channels%3Aread%2Cchat%3Awrite")));
    }

    @Test
    void theAuthorizationRequestCarriesAnS256ChallengeOfTheVerifierAndTheSpecsParameters() throws Exception {
        OAuth2Spec spec = spec(ClientAuthentication.CLIENT_SECRET_BASIC, " ", List.of("openid", "email"));

        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, "state-xyz");
        Map<String, String> query = MockOAuth2ServerTest.query(request.url());

        assertThat(request.url().getPath()).isEqualTo("/authorize");
        assertThat(query)
                .containsEntry("response_type", "code")
                .containsEntry("client_id", "client-7")
                .containsEntry("redirect_uri", CALLBACK.toString())
                .containsEntry("state", "state-xyz")
                .containsEntry("scope", "openid email")
                .containsEntry("code_challenge_method", "S256")
                .containsEntry("access_type", "offline")
                .doesNotContainKey("client_secret");
        byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(request.codeVerifier().reveal().getBytes(StandardCharsets.US_ASCII));
        assertThat(query.get("code_challenge"))
                .isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        // RFC 7636 §4.1: 43 to 128 unreserved characters; a new one each time.
        assertThat(request.codeVerifier().reveal()).matches("[A-Za-z0-9._~-]{43,128}");
        assertThat(protocol.authorizationRequest(spec, client, CALLBACK, "state-xyz")
                        .codeVerifier()
                        .reveal())
                .isNotEqualTo(request.codeVerifier().reveal());
    }

    @Test
    void anAuthorizationUrlWithItsOwnQueryKeepsIt() {
        OAuth2Spec spec = spec().withEndpoints(
                        URI.create("https://auth.example.com/authorize?audience=api.example.com"),
                        URI.create("https://auth.example.com/token"),
                        null);

        URI url = protocol.authorizationRequest(spec, client, CALLBACK, "s-1").url();

        assertThat(url.getHost()).isEqualTo("auth.example.com");
        assertThat(url.getPath()).isEqualTo("/authorize");
        assertThat(MockOAuth2ServerTest.query(url))
                .containsEntry("audience", "api.example.com")
                .containsEntry("state", "s-1")
                .containsEntry("response_type", "code");
    }

    @Test
    void aRedirectFromTheTokenEndpointIsNotFollowed() {
        provider.stubFor(post(urlEqualTo("/elsewhere"))
                .willReturn(json(200, "{\"access_token\":\"a\",\"token_type\":\"Bearer\"}")));
        for (int status : List.of(302, 307, 308)) {
            token(aResponse()
                    .withStatus(status)
                    .withHeader("Location", "http://localhost:" + provider.port() + "/elsewhere"));

            TokenEndpointException e = failure(() -> protocol.refresh(spec(), client, refreshToken));

            assertThat(e.kind()).as("HTTP %d", status).isEqualTo(status == 308 ? Kind.REJECTED : Kind.TRANSIENT);
            assertThat(e.getMessage()).contains("redirect");
        }
        provider.verify(0, postRequestedFor(urlEqualTo("/elsewhere")));
    }

    @Test
    void slacksOkFalseAnswersAreErrors() {
        token(json(200, "{\"ok\":false,\"error\":\"invalid_code\"}"));
        TokenEndpointException code = failure(() ->
                protocol.exchangeCode(spec(), client, "SplxlOBeZQQYbYS6WxSbIA", CALLBACK, Secret.of("v".repeat(43))));
        assertThat(code.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(code.errorCode()).contains("invalid_code");

        token(json(200, "{\"ok\":false,\"error\":\"invalid_refresh_token\"}"));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).kind())
                .isEqualTo(Kind.INVALID_GRANT);

        token(json(200, "{\"ok\":false,\"error\":\"bad_client_secret\"}"));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).kind())
                .isEqualTo(Kind.REJECTED);

        token(json(200, "{\"ok\":false,\"error\":\"ratelimited\"}"));
        assertThat(failure(() -> protocol.refresh(spec(), client, refreshToken)).kind())
                .isEqualTo(Kind.TRANSIENT);
    }

    @Test
    void slacksBotTokensWithCommaScopesAreRead() {
        OAuth2Spec spec = spec(ClientAuthentication.CLIENT_SECRET_POST, ",", List.of("chat:write"));
        token(json(
                200,
                "{\"ok\":true,\"access_token\":\"xoxb-17\",\"token_type\":\"bot\",\"scope\":\"chat:write,channels:read\","
                        + "\"refresh_token\":\"xoxe-1-abc\",\"expires_in\":43200,\"bot_user_id\":\"U0KRQLJ9H\"}"));

        try (TokenGrant grant = protocol.refresh(spec, client, refreshToken)) {
            assertThat(grant.accessToken().reveal()).isEqualTo("xoxb-17");
            assertThat(grant.refreshToken().reveal()).isEqualTo("xoxe-1-abc");
            assertThat(grant.scopes()).containsExactly("chat:write", "channels:read");
            assertThat(grant.expiresAt()).isEqualTo(NOW.plusSeconds(43200));
        }
    }

    @Test
    void githubsCommaSeparatedGrantedScopesAreSplitThoughItsRequestsUseSpaces() {
        token(json(
                200,
                "{\"access_token\":\"gho_16C7e42F292c6912E7710c838347Ae178B4a\",\"token_type\":\"bearer\","
                        + "\"scope\":\"repo,gist\"}"));

        try (TokenGrant grant = protocol.exchangeCode(
                spec(ClientAuthentication.CLIENT_SECRET_POST, " ", List.of("repo", "gist")),
                client,
                "SplxlOBeZQQYbYS6WxSbIA",
                CALLBACK,
                Secret.of("v".repeat(43)))) {
            assertThat(grant.scopes()).containsExactly("repo", "gist");
        }
    }

    @Test
    void githubsErrorsWithHttp200AreErrors() {
        token(
                json(
                        200,
                        "{\"error\":\"bad_verification_code\",\"error_description\":\"The code passed is incorrect or expired.\"}"));

        TokenEndpointException e = failure(() ->
                protocol.exchangeCode(spec(), client, "SplxlOBeZQQYbYS6WxSbIA", CALLBACK, Secret.of("v".repeat(43))));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_GRANT);
        assertThat(e.getMessage()).contains("bad_verification_code", "The code passed is incorrect or expired.");
        // GitHub answers form-encoded unless asked for JSON.
        provider.verify(postRequestedFor(urlEqualTo("/token")).withHeader("Accept", equalTo("application/json")));
    }

    @Test
    void aDescriptionEchoingWhatWasSentIsMasked() {
        token(json(
                400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token refresh-token-value-7 of client"
                        + " client-7 (secret client-secret-value-7) is unknown\"}"));

        TokenEndpointException e = failure(() -> protocol.refresh(spec(), client, refreshToken));

        assertThat(e.getMessage())
                .doesNotContain("refresh-token-value-7", "client-secret-value-7")
                .contains("refresh token **** of client client-7 (secret ****) is unknown");
    }

    @Test
    void revocationSendsTheTokenTypeHint() {
        provider.stubFor(post(urlEqualTo("/revoke")).willReturn(aResponse().withStatus(200)));

        protocol.revoke(spec(), client, Secret.of("access-token-value"), false);
        protocol.revoke(spec(), client, refreshToken, true);

        provider.verify(postRequestedFor(urlEqualTo("/revoke"))
                .withRequestBody(containing("token=access-token-value"))
                .withRequestBody(containing("token_type_hint=access_token")));
        provider.verify(postRequestedFor(urlEqualTo("/revoke"))
                .withRequestBody(containing("token=refresh-token-value-7"))
                .withRequestBody(containing("token_type_hint=refresh_token")));
    }

    @Test
    void revocationFailuresHaveKinds() {
        provider.stubFor(post(urlEqualTo("/revoke"))
                .willReturn(json(503, "{\"error\":\"temporarily_unavailable\"}").withHeader("Retry-After", "5")));
        TokenEndpointException unavailable = failure(() -> protocol.revoke(spec(), client, refreshToken, true));
        assertThat(unavailable.kind()).isEqualTo(Kind.TRANSIENT);
        assertThat(unavailable.retryAfter()).contains(Duration.ofSeconds(5));

        provider.stubFor(post(urlEqualTo("/revoke")).willReturn(json(400, "{\"error\":\"unsupported_token_type\"}")));
        TokenEndpointException unsupported = failure(() -> protocol.revoke(spec(), client, refreshToken, true));
        assertThat(unsupported.kind()).isEqualTo(Kind.REJECTED);
        assertThat(unsupported.errorCode()).contains("unsupported_token_type");
    }

    @Test
    void revokingWithoutARevocationEndpointIsAProgrammingError() {
        OAuth2Spec spec = spec().withEndpoints(
                        URI.create("https://a.example/authorize"), URI.create("https://a.example/token"), null);
        assertThatThrownBy(() -> protocol.revoke(spec, client, refreshToken, true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
