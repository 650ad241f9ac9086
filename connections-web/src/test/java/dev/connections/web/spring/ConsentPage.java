package dev.connections.web.spring;

import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import dev.connections.tck.TckOAuthProvider;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The TCK provider's consent step as a page of the test host, so the browser really goes to "the provider"
 * and is sent back: authorization URLs point here, and {@code GET /test-provider/authorize} approves (the TCK
 * provider issues the code) or, once {@link #denyNext()} was called, declines with {@code access_denied},
 * then redirects to the flow's redirect URI as a provider does. Tokens are still exchanged in the JVM.
 */
@RestController
class ConsentPage implements OAuthTestHost.Front {
    private final TckOAuthProvider provider;
    private final Environment environment;
    private final Map<String, URI> redirects = new ConcurrentHashMap<>();
    private final AtomicBoolean deny = new AtomicBoolean();

    ConsentPage(TckOAuthProvider provider, Environment environment) {
        this.provider = provider;
        this.environment = environment;
    }

    /** The next consent declines. */
    void denyNext() {
        deny.set(true);
    }

    @GetMapping("/test-provider/authorize")
    ResponseEntity<Void> authorize(HttpServletRequest request, @RequestParam String state) {
        URI redirect = redirects.remove(state);
        if (redirect == null) {
            return ResponseEntity.badRequest().build();
        }
        String answer = deny.getAndSet(false)
                ? "error=access_denied&error_description=" + encode("The user said no")
                : "code="
                        + encode(
                                provider.approve(URI.create(request.getRequestURL() + "?" + request.getQueryString())));
        return ResponseEntity.status(HttpStatus.FOUND)
                .header(HttpHeaders.LOCATION, redirect + "?state=" + encode(state) + "&" + answer)
                .build();
    }

    @Override
    public OAuthProtocol apply(OAuthProtocol protocol) {
        return new OAuthProtocol() {
            @Override
            public AuthorizationRequest authorizationRequest(
                    OAuth2Spec spec, OAuthClient client, URI redirectUri, String state) {
                AuthorizationRequest request = protocol.authorizationRequest(spec, client, redirectUri, state);
                redirects.put(state, redirectUri);
                String base = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port")
                        + environment.getProperty("server.servlet.context-path", "");
                return new AuthorizationRequest(
                        URI.create(base + "/test-provider/authorize?"
                                + request.url().getRawQuery()),
                        request.codeVerifier());
            }

            @Override
            public TokenGrant exchangeCode(
                    OAuth2Spec spec, OAuthClient client, String code, URI redirectUri, Secret codeVerifier) {
                return protocol.exchangeCode(spec, client, code, redirectUri, codeVerifier);
            }

            @Override
            public TokenGrant refresh(OAuth2Spec spec, OAuthClient client, Secret refreshToken) {
                return protocol.refresh(spec, client, refreshToken);
            }

            @Override
            public TokenGrant clientCredentials(OAuth2Spec spec, OAuthClient client) {
                return protocol.clientCredentials(spec, client);
            }

            @Override
            public void revoke(OAuth2Spec spec, OAuthClient client, Secret token, boolean refreshToken) {
                protocol.revoke(spec, client, token, refreshToken);
            }
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
