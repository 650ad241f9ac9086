package dev.connections.oauth2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.connections.Connections;
import dev.connections.connection.Connection;
import dev.connections.connection.OAuthGrant;
import dev.connections.error.ReconnectRequiredException;
import dev.connections.event.ConnectionEvent;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.inmemory.InMemoryConnectionRepository;
import dev.connections.inmemory.InMemorySecretStore;
import dev.connections.oauth.AuthorizationCallback;
import dev.connections.oauth.AuthorizationStart;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthClients;
import dev.connections.secret.Secret;
import dev.connections.spi.ConnectionRepository;
import dev.connections.spi.SecretStore;
import dev.connections.tck.TckConnections;
import dev.connections.tck.TickingClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Token endpoint faults through the facade and {@link NimbusOAuthProtocol} over real HTTP (WireMock): while the
 * old access token is still valid, a 500, a 429 with {@code Retry-After} or a timeout during its refresh leaves it
 * in use and the connection unchanged; {@code invalid_grant}, confirmed after the facade's confirmation delay,
 * flags the connection "needs reconnect"; an answer without a refresh token keeps the old one for the next refresh.
 */
class FacadeTokenFaultTest {
    private static final IntegrationId APP = IntegrationId.of("fault-app");
    private static final URI REDIRECT = URI.create("https://host.example/oauth/callback");
    private static final OAuthClient CLIENT = OAuthClient.of("fault-client", "fault-client-secret-9a1e");
    /** Into the 5-minute refresh margin of a one-hour token, with four minutes of it left. */
    private static final Duration INTO_MARGIN = Duration.ofMinutes(56);

    private static WireMockServer provider;

    private final TickingClock clock = TickingClock.startingNow();
    private final WorkspaceId workspace = WorkspaceId.of("ws-fault-" + System.nanoTime());
    private final List<TckConnections> facades = new ArrayList<>();
    private TckConnections tck;

    @BeforeAll
    static void start() {
        provider = new WireMockServer(
                wireMockConfig().dynamicPort().templatingEnabled(true).globalTemplating(false));
        provider.start();
    }

    @AfterAll
    static void stop() {
        provider.stop();
    }

    @BeforeEach
    void wire() {
        provider.resetAll();
        provider.stubFor(post(urlEqualTo(TokenStubs.TOKEN_PATH))
                .withRequestBody(containing(TokenStubs.CODE_GRANT))
                .willReturn(TokenStubs.issueTokens(true)));
        tck = facade(new InMemoryConnectionRepository(), new InMemorySecretStore(), Duration.ofSeconds(10));
    }

    /** A facade (a host instance) over {@code repository}, whose protocol waits {@code readTimeout} for answers. */
    private TckConnections facade(ConnectionRepository repository, SecretStore secrets, Duration readTimeout) {
        NimbusOAuthProtocol protocol = NimbusOAuthProtocol.builder()
                .clock(clock)
                .readTimeout(readTimeout)
                .build();
        TckConnections facade = TckConnections.create(
                repository, secrets, b -> b.catalog(new E2eCatalog(Map.of(APP, TokenStubs.spec(provider))))
                        .clock(clock)
                        .oauth(protocol, OAuthClients.perApp(Map.of(APP, CLIENT)))
                        .oauthRefreshMargin(Duration.ofMinutes(5)));
        facades.add(facade);
        return facade;
    }

    @AfterEach
    void close() {
        facades.forEach(TckConnections::close);
    }

    private Connections connections() {
        return tck.connections();
    }

    private Connection connect() {
        AuthorizationStart start = connections().oauth().startAuthorization(workspace, APP, "Docs", REDIRECT);
        String state = MockOAuth2ServerTest.query(start.authorizationUrl()).get("state");
        return connections().oauth().completeAuthorization(workspace, AuthorizationCallback.success(state, "code-7"));
    }

    private String token() {
        return token(connections());
    }

    private String token(Connections through) {
        return through.resolveDefault(workspace, APP).withKey(Secret::reveal);
    }

    private Connection stored(Connection made) {
        return connections().connection(workspace, made.id()).orElseThrow();
    }

    private static void refreshAnswers(ResponseDefinitionBuilder answer) {
        provider.stubFor(post(urlEqualTo(TokenStubs.TOKEN_PATH))
                .withRequestBody(containing(TokenStubs.REFRESH_GRANT))
                .willReturn(answer));
    }

    private static List<TokenStubs.Exchange> refreshes() {
        return TokenStubs.exchanges(provider).stream()
                .filter(e -> e.grantType().equals("refresh_token"))
                .toList();
    }

    private static String issuedRefreshToken() {
        return TokenStubs.exchanges(provider).get(0).refreshToken();
    }

    /** A failed refresh while the old token is valid: the old token, the connection as it was, one request. */
    private void oldTokenServedThrough(ResponseDefinitionBuilder failure) {
        oldTokenServedThrough(failure, connections());
    }

    private void oldTokenServedThrough(ResponseDefinitionBuilder failure, Connections refreshing) {
        Connection made = connect();
        String first = token();
        Connection before = stored(made);
        clock.advance(INTO_MARGIN);
        refreshAnswers(failure);

        assertThat(token(refreshing)).isEqualTo(first);

        assertThat(stored(made)).isEqualTo(before);
        assertThat(refreshes()).singleElement().satisfies(r -> assertThat(r.sentRefreshToken())
                .contains(issuedRefreshToken()));
        assertThat(tck.events(workspace)).singleElement().isInstanceOf(ConnectionEvent.Created.class);
    }

    @Test
    @DisplayName("a 500 during the refresh: the old token is served and the connection is unchanged")
    void serverError() {
        oldTokenServedThrough(aResponse()
                .withStatus(500)
                .withHeader("Content-Type", "text/html")
                .withBody("<html>oops</html>"));
    }

    @Test
    @DisplayName("a 429 with Retry-After: the old token is served, the provider not asked again before Retry-After,"
            + " and after it the refresh works")
    void rateLimitedWithRetryAfter() {
        oldTokenServedThrough(aResponse()
                .withStatus(429)
                .withHeader("Retry-After", "120")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"slow_down\"}"));
        String first = token();

        clock.advance(Duration.ofSeconds(60));
        assertThat(token()).isEqualTo(first);
        assertThat(refreshes()).as("token requests within Retry-After").hasSize(1);

        refreshAnswers(TokenStubs.issueTokens(true));
        clock.advance(Duration.ofSeconds(61));
        String second = token();
        assertThat(second).isNotEqualTo(first);
        assertThat(refreshes()).hasSize(2);
        assertThat(refreshes().get(1).accessToken()).isEqualTo(second);
    }

    @Test
    @DisplayName("a token endpoint that does not answer in time: the old token is served and the connection is"
            + " unchanged")
    void timeout() {
        // Another instance over the same storage, impatient: the connection is made with a generous timeout (a
        // first exchange in a fresh JVM can take a second), the refresh runs into a short one.
        TckConnections impatient = facade(tck.repository(), tck.secrets(), Duration.ofMillis(500));
        oldTokenServedThrough(TokenStubs.issueTokens(true).withFixedDelay(3000), impatient.connections());
        assertThat(impatient.events(workspace)).isEmpty();
    }

    @Test
    @DisplayName("invalid_grant, confirmed by a second one after the confirmation delay: ReconnectRequiredException,"
            + " NEEDS_RECONNECT, a ReconnectNeeded event")
    void invalidGrantTwiceNeedsReconnect() {
        Connection made = connect();
        String first = token();
        clock.advance(INTO_MARGIN);
        refreshAnswers(aResponse()
                .withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}"));

        // A first refusal is not yet believed: the still-valid token serves, nothing is flagged.
        assertThat(token()).isEqualTo(first);
        assertThat(stored(made).oauthGrant().orElseThrow().status()).isEqualTo(OAuthGrant.Status.ACTIVE);

        clock.advance(Duration.ofSeconds(3));
        assertThatThrownBy(this::token).isInstanceOf(ReconnectRequiredException.class);

        assertThat(stored(made).oauthGrant().orElseThrow().status()).isEqualTo(OAuthGrant.Status.NEEDS_RECONNECT);
        assertThat(tck.events(workspace))
                .filteredOn(e -> e instanceof ConnectionEvent.ReconnectNeeded)
                .singleElement()
                .isInstanceOfSatisfying(ConnectionEvent.ReconnectNeeded.class, e -> {
                    assertThat(e.connectionId()).isEqualTo(made.id());
                    assertThat(e.reason()).isEqualTo("invalid_grant");
                });
        assertThat(refreshes()).hasSize(2).allSatisfy(r -> assertThat(r.sentRefreshToken())
                .contains(issuedRefreshToken()));
        // Flagged: resolving asks no one.
        assertThatThrownBy(() -> connections().resolveDefault(workspace, APP))
                .isInstanceOf(ReconnectRequiredException.class);
        assertThat(provider.findAll(postRequestedFor(urlEqualTo(TokenStubs.TOKEN_PATH))
                        .withRequestBody(containing(TokenStubs.REFRESH_GRANT))))
                .hasSize(2);
    }

    @Test
    @DisplayName("a refresh answer without a refresh token keeps the old one: the next refresh sends it again")
    void answerWithoutRefreshTokenKeepsTheOldOne() {
        connect();
        String first = token();
        String original = issuedRefreshToken();
        refreshAnswers(TokenStubs.issueTokens(false));

        clock.advance(Duration.ofMinutes(61));
        String second = token();
        clock.advance(Duration.ofMinutes(61));
        String third = token();

        assertThat(List.of(first, second, third)).doesNotHaveDuplicates();
        List<TokenStubs.Exchange> refreshes = refreshes();
        assertThat(refreshes).hasSize(2);
        assertThat(refreshes).allSatisfy(r -> {
            assertThat(r.refreshToken()).isNull();
            assertThat(r.sentRefreshToken()).contains(original);
        });
        assertThat(refreshes.get(0).accessToken()).isEqualTo(second);
        assertThat(refreshes.get(1).accessToken()).isEqualTo(third);
    }
}
