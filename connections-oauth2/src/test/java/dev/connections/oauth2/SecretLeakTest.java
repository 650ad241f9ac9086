package dev.connections.oauth2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Tokens, codes, verifiers and client secrets never reach a log line (at any level) or an exception (message,
 * cause or stack trace), across successes and every kind of failure, including providers that echo what they
 * were sent in their error descriptions, redirect locations and error pages.
 */
class SecretLeakTest {
    private static final String CLIENT_SECRET = "cs-8f3a9e1b7c2d";
    private static final String ACCESS = "at-5b1c9e7f3a2d";
    private static final String REFRESH = "rt-9d2e4f6a8b0c";
    private static final String ROTATED = "rt-rotated-7e5c3a1f";
    private static final String CODE = "code-3c5e7a9b1d";
    /** A token this call never sent, the length and shape of real ones (Google's), that a provider mentions. */
    private static final String ISSUED = "ya29.a0AfB_byC3xKq9Lm2Nw8Rt5Vz1Hj7Pq4Ds6Fg0Kl3Mn9Bv2Cx5";

    private final List<String> secrets = new ArrayList<>(List.of(
            CLIENT_SECRET,
            ACCESS,
            REFRESH,
            ROTATED,
            CODE,
            ISSUED,
            // The Authorization header of client_secret_basic carries the secret in base64.
            Base64.getEncoder().encodeToString(("leak-client:" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8))));
    private final List<String> exceptions = new ArrayList<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> levels = new HashMap<>();
    private WireMockServer provider;

    @BeforeEach
    void capture() {
        provider = new WireMockServer(wireMockConfig().dynamicPort());
        provider.start();
        for (Logger logger : root.getLoggerContext().getLoggerList()) {
            if (logger.getLevel() != null) {
                levels.put(logger, logger.getLevel());
                logger.setLevel(Level.TRACE);
            }
        }
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void restore() {
        root.detachAppender(appender);
        levels.forEach(Logger::setLevel);
        provider.stop();
    }

    @Test
    void nothingSentOrReceivedLeaksIntoLogsOrExceptions() throws Exception {
        NimbusOAuthProtocol protocol = NimbusOAuthProtocol.builder()
                // Generous: the first exchange in a fresh JVM on a busy machine takes a second or more.
                .readTimeout(Duration.ofSeconds(5))
                .build();
        NimbusOAuthProtocol impatient = NimbusOAuthProtocol.builder()
                .readTimeout(Duration.ofMillis(500))
                .build();
        OAuthClient client = OAuthClient.of("leak-client", CLIENT_SECRET);
        // The provider quotes the request it got, as some do: the form body and the Authorization header.
        String echo = "{\"error\":\"invalid_grant\",\"error_description\":\"got {{{request.body}}} with"
                + " {{{request.headers.Authorization}}} for " + ISSUED + "\"}";
        String page = "<html>" + String.join(" ", secrets) + "</html>";

        for (ClientAuthentication authentication : ClientAuthentication.values()) {
            OAuth2Spec spec = spec(authentication);
            AuthorizationRequest request =
                    protocol.authorizationRequest(spec, client, URI.create("https://app.example/cb"), "st-1");
            String verifier = request.codeVerifier().reveal();
            secrets.add(verifier);
            assertThat(request.url().toString()).doesNotContain(verifier, CLIENT_SECRET);
            assertThat(request.toString()).doesNotContain(verifier);

            // Successes: tokens come back, and are logged about.
            token(json(
                    200,
                    "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\",\"refresh_token\":\"" + ROTATED
                            + "\",\"expires_in\":60}"));
            try (TokenGrant grant = protocol.exchangeCode(
                    spec, client, CODE, URI.create("https://app.example/cb"), request.codeVerifier())) {
                assertThat(grant.toString()).doesNotContain(ACCESS, ROTATED);
            }
            protocol.refresh(spec, client, Secret.of(REFRESH)).close();
            protocol.clientCredentials(spec, client).close();

            // Refusals that quote what was sent, in every place a provider can put text.
            List<ResponseDefinitionBuilder> failures = List.of(
                    json(400, echo).withTransformers("response-template"),
                    json(401, "{\"error\":\"invalid_client\",\"error_description\":\"bad secret {{{request.body}}}\"}")
                            .withTransformers("response-template"),
                    json(200, echo).withTransformers("response-template"),
                    json(200, "{\"ok\":false,\"error\":\"invalid_code\",\"detail\":\"" + CODE + "\"}"),
                    aResponse().withStatus(500).withBody(page),
                    aResponse().withStatus(503).withHeader("Retry-After", "7").withBody(page),
                    aResponse().withStatus(429).withHeader("Retry-After", "nonsense " + REFRESH),
                    aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/html")
                            .withBody(page),
                    aResponse().withStatus(404).withBody(page),
                    aResponse().withStatus(302).withHeader("Location", "https://evil.example/?code=" + CODE));
            for (ResponseDefinitionBuilder failure : failures) {
                token(failure);
                expectFailure(() -> protocol.exchangeCode(
                        spec, client, CODE, URI.create("https://app.example/cb"), request.codeVerifier()));
                expectFailure(() -> protocol.refresh(spec, client, Secret.of(REFRESH)));
                expectFailure(() -> protocol.clientCredentials(spec, client));
                if (failure.build().getStatus() == 200) {
                    continue; // RFC 7009 §2.2: HTTP 200 is a revocation, whatever the body says.
                }
                provider.stubFor(post(urlEqualTo("/revoke")).willReturn(failure));
                expectFailure(() -> {
                    protocol.revoke(spec, client, Secret.of(ACCESS), false);
                    return null;
                });
            }
            expectFailure(() -> protocol.clientCredentials(spec, new OAuthClient("public", null)));
            // A timeout, once per method of client authentication: each costs the read timeout.
            token(json(200, "{\"access_token\":\"" + ACCESS + "\",\"token_type\":\"Bearer\"}")
                    .withFixedDelay(2_000));
            expectFailure(() -> impatient.refresh(spec, client, Secret.of(REFRESH)));
        }
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        OAuth2Spec unreachable = spec(ClientAuthentication.CLIENT_SECRET_POST)
                .withEndpoints(
                        URI.create("http://localhost:" + closed + "/a"),
                        URI.create("http://localhost:" + closed + "/t"),
                        URI.create("http://localhost:" + closed + "/r"));
        expectFailure(() -> protocol.refresh(unreachable, client, Secret.of(REFRESH)));

        List<String> lines = lines();
        // The capture works: the protocol's own lines are in it, at debug.
        assertThat(lines).anyMatch(line -> line.contains("OAuth refresh at localhost"));
        assertThat(exceptions).hasSizeGreaterThan(150);
        // The provider did quote the requests (the templates worked), and what it quoted was masked.
        assertThat(exceptions).anyMatch(text -> text.contains("code=****") && text.contains("client_id=leak-client"));
        assertThat(exceptions).anyMatch(text -> text.contains("with Basic ****"));
        for (String secret : secrets) {
            assertThat(lines).noneMatch(line -> line.contains(secret));
            assertThat(exceptions).noneMatch(text -> text.contains(secret));
        }
    }

    private void expectFailure(Supplier<?> call) {
        try {
            Object result = call.get();
            throw new AssertionError("Expected a failure, got " + result);
        } catch (TokenEndpointException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            exceptions.add(e.toString());
            exceptions.add(trace.toString());
            e.errorCode().ifPresent(exceptions::add);
        }
    }

    private List<String> lines() {
        List<ILoggingEvent> events;
        synchronized (appender) {
            events = new ArrayList<>(appender.list);
        }
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : events) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                lines.add(ThrowableProxyUtil.asString(thrown));
            }
        }
        return lines;
    }

    private OAuth2Spec spec(ClientAuthentication authentication) {
        String base = "http://localhost:" + provider.port();
        return new OAuth2Spec(
                URI.create(base + "/authorize"),
                URI.create(base + "/token"),
                URI.create(base + "/revoke"),
                List.of("read"),
                " ",
                authentication,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.AUTHORIZATION_CODE, GrantType.CLIENT_CREDENTIALS));
    }

    private void token(ResponseDefinitionBuilder answer) {
        provider.stubFor(post(urlEqualTo("/token")).willReturn(answer));
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }
}
