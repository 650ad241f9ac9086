package dev.connections.oauth2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The protocol against a real OAuth 2.0 authorization server running in the test (navikt's mock-oauth2-server,
 * itself built on Nimbus's server side): the authorization code flow with PKCE driven through the authorize
 * endpoint, refresh with and without rotation, client credentials and revocation.
 */
class MockOAuth2ServerTest {
    private static final URI CALLBACK = URI.create("http://localhost:8085/oauth/callback");
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    private static MockOAuth2Server server;
    private static MockOAuth2Server rotating;
    private final NimbusOAuthProtocol protocol = NimbusOAuthProtocol.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    private final OAuthClient client = OAuthClient.of("connections-test", "s3cr3t-client-value");

    @BeforeAll
    static void start() {
        server = new MockOAuth2Server();
        server.start();
        rotating = new MockOAuth2Server(new OAuth2Config(false, null, null, true));
        rotating.start();
    }

    @AfterAll
    static void stop() {
        server.shutdown();
        rotating.shutdown();
    }

    private static OAuth2Spec spec(MockOAuth2Server on, ClientAuthentication authentication) {
        return new OAuth2Spec(
                on.authorizationEndpointUrl("issuer").uri(),
                on.tokenEndpointUrl("issuer").uri(),
                on.revocationEndpointUrl("issuer").uri(),
                // The server reads authorization requests as OpenID Connect ones, which need "openid".
                List.of("openid", "profile"),
                " ",
                authentication,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
    }

    @Test
    void authorizationCodeWithPkceGivesTokensThatRefresh() throws Exception {
        OAuth2Spec spec = spec(server, ClientAuthentication.CLIENT_SECRET_BASIC);
        String state = UUID.randomUUID().toString();
        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, state);

        Map<String, String> callback = approve(request.url());
        assertThat(callback).containsEntry("state", state).containsKey("code");

        try (TokenGrant grant =
                protocol.exchangeCode(spec, client, callback.get("code"), CALLBACK, request.codeVerifier())) {
            assertThat(grant.accessToken().reveal()).isNotBlank();
            assertThat(grant.refresh()).isPresent();
            assertThat(grant.expiresAt()).isAfter(NOW).isBeforeOrEqualTo(NOW.plus(Duration.ofDays(1)));

            try (TokenGrant refreshed = protocol.refresh(spec, client, grant.refreshToken())) {
                assertThat(refreshed.accessToken().reveal()).isNotBlank();
                // Without rotation the server answers with the refresh token it was given.
                assertThat(refreshed.refreshToken().reveal())
                        .isEqualTo(grant.refreshToken().reveal());
            }
        }
    }

    @Test
    void aPublicClientCompletesTheFlowWithItsIdAndTheVerifierOnly() throws Exception {
        OAuth2Spec spec = spec(server, ClientAuthentication.CLIENT_SECRET_BASIC);
        OAuthClient publicClient = new OAuthClient("public-client", null);
        AuthorizationRequest request = protocol.authorizationRequest(spec, publicClient, CALLBACK, "state-1");

        Map<String, String> callback = approve(request.url());
        try (TokenGrant grant =
                protocol.exchangeCode(spec, publicClient, callback.get("code"), CALLBACK, request.codeVerifier())) {
            assertThat(grant.accessToken().reveal()).isNotBlank();
        }
    }

    @Test
    void theServerRefusesTheCodeWithAnotherVerifier() throws Exception {
        OAuth2Spec spec = spec(server, ClientAuthentication.CLIENT_SECRET_POST);
        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, "state-2");
        Map<String, String> callback = approve(request.url());
        // A verifier of a second request: valid in form, but not the one the challenge was computed from.
        Secret other =
                protocol.authorizationRequest(spec, client, CALLBACK, "state-3").codeVerifier();

        assertThatThrownBy(() -> protocol.exchangeCode(spec, client, callback.get("code"), CALLBACK, other))
                .isInstanceOfSatisfying(TokenEndpointException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TokenEndpointException.Kind.INVALID_GRANT);
                    assertThat(e.errorCode()).contains("invalid_grant");
                    assertThat(e.getMessage()).contains("code_verifier");
                });
    }

    @Test
    void aCodeIsExchangedOnce() throws Exception {
        OAuth2Spec spec = spec(server, ClientAuthentication.CLIENT_SECRET_POST);
        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, "state-4");
        String code = approve(request.url()).get("code");
        protocol.exchangeCode(spec, client, code, CALLBACK, request.codeVerifier())
                .close();

        assertThatThrownBy(() -> protocol.exchangeCode(spec, client, code, CALLBACK, request.codeVerifier()))
                .isInstanceOfSatisfying(TokenEndpointException.class, e -> assertThat(e.kind())
                        .isEqualTo(TokenEndpointException.Kind.INVALID_GRANT));
    }

    @Test
    void aRotatingServerHandsOutANewRefreshTokenAndRefusesTheOldOne() throws Exception {
        OAuth2Spec spec = spec(rotating, ClientAuthentication.CLIENT_SECRET_BASIC);
        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, "state-5");
        String code = approve(request.url()).get("code");
        try (TokenGrant first = protocol.exchangeCode(spec, client, code, CALLBACK, request.codeVerifier());
                TokenGrant second = protocol.refresh(spec, client, first.refreshToken())) {
            assertThat(second.refreshToken().reveal())
                    .isNotEqualTo(first.refreshToken().reveal());

            assertThatThrownBy(() -> protocol.refresh(spec, client, first.refreshToken()))
                    .isInstanceOfSatisfying(TokenEndpointException.class, e -> assertThat(e.kind())
                            .isEqualTo(TokenEndpointException.Kind.INVALID_GRANT));
            try (TokenGrant third = protocol.refresh(spec, client, second.refreshToken())) {
                assertThat(third.refreshToken().reveal())
                        .isNotEqualTo(second.refreshToken().reveal());
            }
        }
    }

    @Test
    void clientCredentialsFetchesATokenForTheSpecsScopes() {
        OAuth2Spec spec = new OAuth2Spec(
                null,
                server.tokenEndpointUrl("issuer").uri(),
                null,
                List.of("reports.read", "reports.write"),
                " ",
                ClientAuthentication.CLIENT_SECRET_BASIC,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.CLIENT_CREDENTIALS));

        try (TokenGrant grant = protocol.clientCredentials(spec, client)) {
            assertThat(grant.accessToken().reveal()).isNotBlank();
            assertThat(grant.refresh()).isEmpty();
            assertThat(grant.scopes()).containsExactly("reports.read", "reports.write");
            assertThat(grant.expiresAt()).isAfter(NOW);
        }
    }

    @Test
    void aRevokedRefreshTokenNoLongerRefreshes() throws Exception {
        OAuth2Spec spec = spec(server, ClientAuthentication.CLIENT_SECRET_BASIC);
        AuthorizationRequest request = protocol.authorizationRequest(spec, client, CALLBACK, "state-6");
        String code = approve(request.url()).get("code");
        try (TokenGrant grant = protocol.exchangeCode(spec, client, code, CALLBACK, request.codeVerifier())) {
            protocol.revoke(spec, client, grant.refreshToken(), true);

            assertThatThrownBy(() -> protocol.refresh(spec, client, grant.refreshToken()))
                    .isInstanceOfSatisfying(TokenEndpointException.class, e -> assertThat(e.kind())
                            .isEqualTo(TokenEndpointException.Kind.INVALID_GRANT));
        }
    }

    /** Plays the user's browser: follows nothing, reads the code and state off the redirect to the callback. */
    private static Map<String, String> approve(URI authorizationUrl) throws Exception {
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HttpResponse<String> answer = browser.send(
                HttpRequest.newBuilder(authorizationUrl).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertThat(location.getPath()).isEqualTo(CALLBACK.getPath());
        return query(location);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return parameters;
    }
}
