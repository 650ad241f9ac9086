package dev.connections.tck;

import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2.0 authorization server inside the JVM, behind the {@link OAuthProtocol} SPI, for the facade
 * contracts: it issues codes bound to a PKCE challenge and a redirect URI, checks the verifier, issues expiring
 * access tokens and rotating refresh tokens (a spent refresh token is {@code invalid_grant}), counts every token
 * request, revokes, and fails on demand.
 *
 * <p>It stands in for the network only: {@code connections-oauth2}'s tests run the same flows against a real
 * authorization server over HTTP. Thread-safe.
 */
public final class TckOAuthProvider implements OAuthProtocol {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the next token request does instead of succeeding. */
    public enum Failure {
        /** Answers {@code invalid_grant}. */
        INVALID_GRANT,
        /** Fails as a network error or 5xx would. */
        TRANSIENT
    }

    private final Clock clock;
    private final String clientId;
    private final AtomicLong serial = new AtomicLong();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Pending> codes = new HashMap<>();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private final Set<String> refreshTokens = new HashSet<>();
    private final List<String> revoked = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger codeExchanges = new AtomicInteger();
    private final AtomicInteger refreshRequests = new AtomicInteger();
    private final AtomicInteger clientCredentialRequests = new AtomicInteger();
    private final AtomicReference<@Nullable Failure> nextFailure = new AtomicReference<>();
    private volatile Duration accessTokenLifetime = Duration.ofHours(1);
    private volatile boolean rotateRefreshTokens = true;
    private volatile Duration latency = Duration.ZERO;
    private volatile boolean revocationFails;

    private record Pending(String challenge, URI redirectUri) {}

    /** A server that accepts the client {@code clientId} and reads expiry times from {@code clock}. */
    public TckOAuthProvider(Clock clock, String clientId) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
    }

    /** How long issued access tokens live (default one hour). */
    public TckOAuthProvider accessTokenLifetime(Duration lifetime) {
        this.accessTokenLifetime = lifetime;
        return this;
    }

    /** Whether a refresh answers with a new refresh token and spends the old one (default), or with none. */
    public TckOAuthProvider rotateRefreshTokens(boolean rotate) {
        this.rotateRefreshTokens = rotate;
        return this;
    }

    /** How long each token request takes (default none): widens the window in which callers race. */
    public TckOAuthProvider latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    /** Makes revocation requests fail. */
    public TckOAuthProvider revocationFails(boolean fails) {
        this.revocationFails = fails;
        return this;
    }

    /** Makes the next token request fail this way, once. */
    public void failNext(Failure failure) {
        nextFailure.set(failure);
    }

    /** Forgets every refresh token, as a user revoking the app at the provider does. */
    public synchronized void revokeAllGrants() {
        refreshTokens.clear();
        accessTokens.clear();
    }

    /** The user approves the request at {@code authorizationUrl}: the code the provider redirects back with. */
    public synchronized String approve(URI authorizationUrl) {
        String state = queryParameter(authorizationUrl, "state");
        Pending request = pending.remove(state);
        if (request == null) {
            throw new IllegalArgumentException("No authorization request with this state");
        }
        String code = "code-" + serial.incrementAndGet() + "-" + random();
        codes.put(code, request);
        return code;
    }

    /** Whether {@code token} is an access token this server issued, not expired and not revoked. */
    public synchronized boolean accepts(String token) {
        Instant expires = accessTokens.get(token);
        return expires != null && clock.instant().isBefore(expires);
    }

    /** Whether {@code token} is a refresh token that would be accepted now. */
    public synchronized boolean acceptsRefreshToken(String token) {
        return refreshTokens.contains(token);
    }

    /** The refresh tokens that would be accepted now. */
    public synchronized Set<String> liveRefreshTokens() {
        return Set.copyOf(refreshTokens);
    }

    /** Code exchanges so far. */
    public int codeExchanges() {
        return codeExchanges.get();
    }

    /** Refresh requests so far, failed ones included. */
    public int refreshRequests() {
        return refreshRequests.get();
    }

    /** Client credentials requests so far. */
    public int clientCredentialRequests() {
        return clientCredentialRequests.get();
    }

    /** Every token revoked so far, in order. */
    public List<String> revoked() {
        synchronized (revoked) {
            return List.copyOf(revoked);
        }
    }

    @Override
    public synchronized AuthorizationRequest authorizationRequest(
            OAuth2Spec spec, OAuthClient client, URI redirectUri, String state) {
        requireClient(client);
        String verifier = random() + random();
        String challenge = s256(verifier);
        pending.put(state, new Pending(challenge, redirectUri));
        URI url = URI.create(Objects.requireNonNull(spec.authorizationUrl()) + "?response_type=code&client_id="
                + client.clientId() + "&state=" + state + "&code_challenge=" + challenge
                + "&code_challenge_method=S256");
        return new AuthorizationRequest(url, Secret.of(verifier));
    }

    @Override
    public TokenGrant exchangeCode(
            OAuth2Spec spec, OAuthClient client, String code, URI redirectUri, Secret codeVerifier) {
        requireClient(client);
        pause();
        synchronized (this) {
            codeExchanges.incrementAndGet();
            failIfScripted();
            Pending request = codes.remove(code);
            if (request == null || !request.redirectUri().equals(redirectUri)) {
                throw invalidGrant("unknown code or redirect URI");
            }
            if (!request.challenge().equals(s256(codeVerifier.reveal()))) {
                throw invalidGrant("PKCE verification failed");
            }
            return issue(true, spec.scopes());
        }
    }

    @Override
    public TokenGrant refresh(OAuth2Spec spec, OAuthClient client, Secret refreshToken) {
        requireClient(client);
        pause();
        synchronized (this) {
            refreshRequests.incrementAndGet();
            failIfScripted();
            String presented = refreshToken.reveal();
            if (!refreshTokens.contains(presented)) {
                throw invalidGrant("refresh token unknown, spent or revoked");
            }
            if (rotateRefreshTokens) {
                refreshTokens.remove(presented);
            }
            return issue(rotateRefreshTokens, List.of());
        }
    }

    @Override
    public TokenGrant clientCredentials(OAuth2Spec spec, OAuthClient client) {
        requireClient(client);
        pause();
        synchronized (this) {
            clientCredentialRequests.incrementAndGet();
            failIfScripted();
            return issue(false, spec.scopes());
        }
    }

    @Override
    public synchronized void revoke(OAuth2Spec spec, OAuthClient client, Secret token, boolean refreshToken) {
        requireClient(client);
        if (revocationFails) {
            throw new TokenEndpointException(
                    TokenEndpointException.Kind.TRANSIENT, null, "revocation endpoint unavailable", null, null);
        }
        String value = token.reveal();
        revoked.add(value);
        refreshTokens.remove(value);
        accessTokens.remove(value);
    }

    private TokenGrant issue(boolean withRefreshToken, List<String> scopes) {
        long n = serial.incrementAndGet();
        String access = "at-" + n + "-" + random();
        Instant expiresAt = clock.instant().plus(accessTokenLifetime);
        accessTokens.put(access, expiresAt);
        Secret refresh = null;
        if (withRefreshToken) {
            String value = "rt-" + n + "-" + random();
            refreshTokens.add(value);
            refresh = Secret.of(value);
        }
        return new TokenGrant(Secret.of(access), refresh, expiresAt, scopes);
    }

    private void failIfScripted() {
        Failure failure = nextFailure.getAndSet(null);
        if (failure == Failure.INVALID_GRANT) {
            throw invalidGrant("scripted");
        }
        if (failure == Failure.TRANSIENT) {
            throw new TokenEndpointException(
                    TokenEndpointException.Kind.TRANSIENT, null, "token endpoint unavailable (HTTP 503)", null, null);
        }
    }

    private void requireClient(OAuthClient client) {
        if (!client.clientId().equals(clientId)) {
            throw new TokenEndpointException(
                    TokenEndpointException.Kind.REJECTED, "invalid_client", "invalid_client", null, null);
        }
    }

    private void pause() {
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static TokenEndpointException invalidGrant(String why) {
        return new TokenEndpointException(
                TokenEndpointException.Kind.INVALID_GRANT, "invalid_grant", "invalid_grant: " + why, null, null);
    }

    /** The query parameter {@code name} of {@code url}, decoded: how the contracts read an authorization URL. */
    public static String queryParameter(URI url, String name) {
        for (String pair : url.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalArgumentException("No " + name + " parameter");
    }

    private static String random() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
