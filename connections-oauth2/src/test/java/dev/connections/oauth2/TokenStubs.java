package dev.connections.oauth2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.connections.catalog.ClientAuthentication;
import dev.connections.catalog.GrantType;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.OAuth2Spec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A token endpoint scripted on WireMock for the facade's tests: answers that issue random tokens (response
 * templates), and the journal read back as the exchanges the server had, oldest first.
 */
final class TokenStubs {
    static final String TOKEN_PATH = "/token";
    static final String CODE_GRANT = "grant_type=authorization_code";
    static final String REFRESH_GRANT = "grant_type=refresh_token";

    private TokenStubs() {}

    /** An app whose authorization and token endpoints are on {@code server} (no revocation endpoint). */
    static OAuth2Spec spec(WireMockServer server) {
        String base = "http://localhost:" + server.port();
        return new OAuth2Spec(
                URI.create(base + "/authorize"),
                URI.create(base + TOKEN_PATH),
                null,
                List.of("read"),
                " ",
                ClientAuthentication.CLIENT_SECRET_BASIC,
                KeyPlacement.bearer(),
                Map.of(),
                Set.of(GrantType.AUTHORIZATION_CODE));
    }

    /**
     * A token answer with a fresh random access token, valid for an hour, and a fresh random refresh token when
     * {@code withRefreshToken}; rendered by WireMock's response templating.
     */
    static ResponseDefinitionBuilder issueTokens(boolean withRefreshToken) {
        String refresh =
                withRefreshToken ? ",\"refresh_token\":\"rt-{{randomValue length=32 type='ALPHANUMERIC'}}\"" : "";
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withHeader("Cache-Control", "no-store")
                .withBody("{\"access_token\":\"at-{{randomValue length=32 type='ALPHANUMERIC'}}\","
                        + "\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"read\"" + refresh + "}")
                .withTransformers("response-template");
    }

    /** Stubs the code exchange and refreshes, each issuing new tokens; refreshes answer after {@code delayMillis}. */
    static void issuing(WireMockServer server, int delayMillis) {
        server.stubFor(post(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing(CODE_GRANT))
                .willReturn(issueTokens(true)));
        server.stubFor(post(urlEqualTo(TOKEN_PATH))
                .withRequestBody(containing(REFRESH_GRANT))
                .willReturn(issueTokens(true).withFixedDelay(delayMillis)));
    }

    /** One exchange at the token endpoint: what was sent and what the server answered. */
    record Exchange(Map<String, String> form, int status, @Nullable String accessToken, @Nullable String refreshToken) {
        String grantType() {
            return form.getOrDefault("grant_type", "");
        }

        Optional<String> sentRefreshToken() {
            return Optional.ofNullable(form.get("refresh_token"));
        }
    }

    /** The token endpoint's exchanges, oldest first. */
    static List<Exchange> exchanges(WireMockServer server) {
        return server.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().equals(TOKEN_PATH))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .map(TokenStubs::exchange)
                .toList();
    }

    private static Exchange exchange(ServeEvent event) {
        Map<String, String> form = form(event.getRequest().getBodyAsString());
        int status = event.getResponse().getStatus();
        String body = event.getResponse().getBodyAsString();
        String access = null;
        String refresh = null;
        if (status == 200 && body != null && !body.isBlank()) {
            try {
                Map<String, Object> json = JSONObjectUtils.parse(body);
                access = (String) json.get("access_token");
                refresh = (String) json.get("refresh_token");
            } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                throw new IllegalStateException("The stub answered something other than JSON", e);
            }
        }
        return new Exchange(form, status, access, refresh);
    }

    static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
