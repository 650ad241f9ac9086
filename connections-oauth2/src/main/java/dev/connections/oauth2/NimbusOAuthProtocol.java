package dev.connections.oauth2;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.connections.catalog.OAuth2Spec;
import dev.connections.oauth.AuthorizationRequest;
import dev.connections.oauth.OAuthClient;
import dev.connections.oauth.OAuthProtocol;
import dev.connections.oauth.TokenEndpointException;
import dev.connections.oauth.TokenEndpointException.Kind;
import dev.connections.oauth.TokenGrant;
import dev.connections.secret.Secret;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import net.minidev.json.JSONObject;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link OAuthProtocol} on the Nimbus OAuth 2.0 SDK: Nimbus builds every request and parses every
 * answer; the exchange runs on the JDK's {@link HttpClient}.
 *
 * <p>Every exchange is bounded: a connect timeout, a read timeout for the answer, and both together for
 * the whole exchange including the body. Redirects are never followed (a token endpoint that redirects
 * would take the client secret and the code elsewhere), at most 256 KiB of an answer is read, and a POST is
 * never resent by the JDK's client (unless the JVM sets {@code jdk.httpclient.enableAllMethodRetry}): a refresh
 * token sent twice may be spent twice at a provider that rotates it.
 *
 * <p>Failures become a {@link TokenEndpointException}: {@code invalid_grant} (and the providers' own names
 * for it) is {@link Kind#INVALID_GRANT}; the other RFC 6749 errors and answers that say the set-up is wrong
 * are {@link Kind#REJECTED}; network failures, timeouts, HTTP 5xx and 429 (with {@code Retry-After}) and
 * unparsable answers are {@link Kind#TRANSIENT}. Messages carry the provider's error code and description,
 * with anything this call sent (a token, code, verifier or client secret) masked; log lines carry the
 * operation, host, status and kind only. Instances are immutable and thread-safe.
 */
public final class NimbusOAuthProtocol implements OAuthProtocol {
    private static final Logger log = LoggerFactory.getLogger(NimbusOAuthProtocol.class);

    /** The providers' names for "this code or refresh token is no longer valid": the user must connect again. */
    private static final Set<String> INVALID_GRANT_CODES = Set.of(
            "invalid_grant",
            // Slack (oauth.v2.access answers HTTP 200 with {"ok":false,"error":...}).
            "invalid_code",
            "invalid_refresh_token",
            "token_revoked",
            // GitHub (answers HTTP 200 with {"error":...}).
            "bad_verification_code",
            "bad_refresh_token");

    /** Error codes that say "later", whatever the HTTP status. */
    private static final Set<String> TRANSIENT_CODES = Set.of(
            "temporarily_unavailable",
            "server_error",
            "slow_down",
            // Slack's names for the same.
            "ratelimited",
            "service_unavailable",
            "internal_error",
            "fatal_error",
            "request_timeout");

    private static final int MAX_DESCRIPTION = 200;
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final int MIN_MASKED = 8;
    private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9._~+/=-]{32,}");

    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Clock clock;

    private NimbusOAuthProtocol(Builder b) {
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.clock = b.clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // A token endpoint gains nothing from HTTP/2, and plain-http upgrades confuse some servers.
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** A protocol with the defaults: 5 s to connect, 10 s for the answer, the system UTC clock. */
    public static NimbusOAuthProtocol withDefaults() {
        return builder().build();
    }

    /** Starts a protocol with the default timeouts and clock. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public AuthorizationRequest authorizationRequest(
            OAuth2Spec spec, OAuthClient client, URI redirectUri, String state) {
        URI endpoint = spec.authorizationUrl();
        if (endpoint == null) {
            throw new IllegalArgumentException("This app offers no authorization code grant (no authorizationUrl)");
        }
        CodeVerifier verifier = new CodeVerifier();
        var request = new com.nimbusds.oauth2.sdk.AuthorizationRequest.Builder(
                        ResponseType.CODE, new ClientID(client.clientId()))
                .endpointURI(endpoint)
                .redirectionURI(redirectUri)
                .state(new State(state))
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        spec.scopeParameter().ifPresent(scope -> {
            if (spec.scopeSeparator().equals(" ")) {
                request.scope(Scope.parse(scope));
            } else {
                // Nimbus's Scope always joins with spaces; a provider that wants commas gets the joined value.
                request.customParameter("scope", scope);
            }
        });
        spec.authorizationParameters().forEach(request::customParameter);
        URI url = request.build().toURI();
        return new AuthorizationRequest(url, Secret.of(verifier.getValue()));
    }

    @Override
    public TokenGrant exchangeCode(
            OAuth2Spec spec, OAuthClient client, String code, URI redirectUri, Secret codeVerifier) {
        String verifier = codeVerifier.reveal();
        var grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(verifier));
        return tokens("code exchange", spec, client, grant, Map.of(), List.of(code, verifier));
    }

    @Override
    public TokenGrant refresh(OAuth2Spec spec, OAuthClient client, Secret refreshToken) {
        String token = refreshToken.reveal();
        return tokens(
                "refresh", spec, client, new RefreshTokenGrant(new RefreshToken(token)), Map.of(), List.of(token));
    }

    @Override
    public TokenGrant clientCredentials(OAuth2Spec spec, OAuthClient client) {
        if (client.clientSecret() == null) {
            throw new TokenEndpointException(
                    Kind.REJECTED,
                    null,
                    "The client credentials grant needs a client secret; client " + client.clientId() + " has none",
                    null,
                    null);
        }
        Map<String, List<String>> scope =
                spec.scopeParameter().map(s -> Map.of("scope", List.of(s))).orElse(Map.of());
        return tokens("client credentials", spec, client, new ClientCredentialsGrant(), scope, List.of());
    }

    @Override
    public void revoke(OAuth2Spec spec, OAuthClient client, Secret token, boolean refreshToken) {
        URI endpoint = spec.revocation()
                .orElseThrow(() -> new IllegalArgumentException("This app declares no revocation endpoint"));
        String value = token.reveal();
        // The token's class decides the token_type_hint Nimbus sends (RFC 7009 §2.1).
        Token revoked = refreshToken ? new RefreshToken(value) : new BearerAccessToken(value);
        ClientAuthentication authentication = authentication(spec, client);
        TokenRevocationRequest request = authentication == null
                ? new TokenRevocationRequest(endpoint, new ClientID(client.clientId()), revoked)
                : new TokenRevocationRequest(endpoint, authentication, revoked);
        HTTPRequest http = request.toHTTPRequest();
        List<String> sent = sensitive(client, List.of(value), http);
        String operation = "revocation";
        HTTPResponse response = send(operation, http, sent);
        int status = response.getStatusCode();
        // RFC 7009 §2.2 says 200; some providers say 204, which means the same.
        if (status >= 200 && status < 300) {
            log.debug("OAuth {} at {}: revoked", operation, endpoint.getHost());
            return;
        }
        throw failure(operation, endpoint, response, errorObject(response), sent);
    }

    private TokenGrant tokens(
            String operation,
            OAuth2Spec spec,
            OAuthClient client,
            AuthorizationGrant grant,
            Map<String, List<String>> parameters,
            List<String> secrets) {
        URI endpoint = spec.tokenUrl();
        ClientAuthentication authentication = authentication(spec, client);
        TokenRequest.Builder builder = authentication == null
                ? new TokenRequest.Builder(endpoint, new ClientID(client.clientId()), grant)
                : new TokenRequest.Builder(endpoint, authentication, grant);
        // The scope is a custom parameter rather than a Nimbus Scope so that a comma separator survives.
        parameters.forEach((name, values) -> builder.customParameter(name, values.toArray(String[]::new)));
        TokenRequest request = builder.build();
        HTTPRequest http = request.toHTTPRequest();
        List<String> sent = sensitive(client, secrets, http);
        // GitHub answers form-encoded unless asked for JSON.
        http.setAccept("application/json");
        // expires_in counts from when the provider answered; counting from before the request errs early.
        Instant sentAt = clock.instant();
        HTTPResponse response = send(operation, http, sent);
        int status = response.getStatusCode();
        if (status >= 300 && status < 400 || status == 408 || status == 429 || status >= 500) {
            throw failure(operation, endpoint, response, errorObject(response), sent);
        }
        JSONObject json = json(response);
        if (json == null) {
            throw failure(operation, endpoint, response, null, sent);
        }
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(withBearerType(json));
        } catch (ParseException e) {
            throw new TokenEndpointException(
                    Kind.TRANSIENT,
                    null,
                    "The " + operation + " answer from " + endpoint.getHost() + " (HTTP " + status
                            + ") could not be read as an OAuth 2.0 token response",
                    null,
                    null);
        }
        if (!parsed.indicatesSuccess() || status >= 300) {
            ErrorObject error =
                    parsed instanceof TokenErrorResponse errorResponse ? errorResponse.getErrorObject() : null;
            throw failure(operation, endpoint, response, error, sent);
        }
        Tokens tokens = ((AccessTokenResponse) parsed).getTokens();
        AccessToken access = tokens.getAccessToken();
        RefreshToken refresh = tokens.getRefreshToken();
        long lifetime = access.getLifetime();
        Instant expiresAt = lifetime > 0 ? sentAt.plusSeconds(lifetime) : null;
        List<String> scopes = scopes(access.getScope());
        log.debug(
                "OAuth {} at {}: tokens issued (refresh token {}, expires in {} s)",
                operation,
                endpoint.getHost(),
                refresh == null ? "absent" : "present",
                lifetime > 0 ? lifetime : "?");
        return new TokenGrant(
                Secret.of(access.getValue()),
                refresh == null ? null : Secret.of(refresh.getValue()),
                expiresAt,
                scopes);
    }

    /** Client secret basic or post per the spec; null for a public client, which sends its id only. */
    private static @Nullable ClientAuthentication authentication(OAuth2Spec spec, OAuthClient client) {
        Secret secret = client.clientSecret();
        if (secret == null) {
            return null;
        }
        ClientID id = new ClientID(client.clientId());
        var value = new com.nimbusds.oauth2.sdk.auth.Secret(secret.reveal());
        return switch (spec.clientAuthentication()) {
            case CLIENT_SECRET_BASIC -> new ClientSecretBasic(id, value);
            case CLIENT_SECRET_POST -> new ClientSecretPost(id, value);
        };
    }

    /**
     * Nimbus reads only bearer and DPoP tokens, but how the token is sent is the spec's {@code tokenPlacement}, not
     * the answer's {@code token_type}: Slack's "bot" and "user" tokens, and providers that leave it out, are read
     * as bearer tokens.
     */
    private static JSONObject withBearerType(JSONObject json) {
        if (!json.containsKey("access_token")) {
            return json;
        }
        Object type = json.get("token_type");
        if (type instanceof String s && (s.equalsIgnoreCase("bearer") || s.equalsIgnoreCase("dpop"))) {
            return json;
        }
        JSONObject copy = new JSONObject(json);
        copy.put("token_type", "Bearer");
        return copy;
    }

    /**
     * The granted scopes. Nimbus splits on spaces; the answer is split on commas too, whatever the request used:
     * GitHub takes spaces and answers "repo,gist", Slack answers "commands,chat:write", and no provider known
     * puts a comma inside a scope.
     */
    private static List<String> scopes(@Nullable Scope scope) {
        if (scope == null) {
            return List.of();
        }
        List<String> scopes = new ArrayList<>();
        for (String value : scope.toStringList()) {
            for (String part : value.split(",", -1)) {
                if (!part.isBlank()) {
                    scopes.add(part.strip());
                }
            }
        }
        return List.copyOf(scopes);
    }

    private HTTPResponse send(String operation, HTTPRequest request, List<String> sent) {
        URI endpoint = request.getURI();
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint).timeout(readTimeout);
        for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        String body = request.getBody();
        builder.method(
                request.getMethod().name(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        CompletableFuture<HttpResponse<byte[]>> pending =
                http.sendAsync(builder.build(), info -> new CappedBody(MAX_ANSWER_BYTES));
        HttpResponse<byte[]> answer;
        try {
            // One bound for the whole exchange, body included: the request timeout ends at the headers.
            answer = pending.get(connectTimeout.plus(readTimeout).toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw transientFailure(
                    operation,
                    endpoint,
                    "no complete answer within "
                            + connectTimeout.plus(readTimeout).toMillis() + " ms",
                    e);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw transientFailure(operation, endpoint, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw transientFailure(operation, endpoint, networkReason(cause), cause);
        }
        HTTPResponse response = new HTTPResponse(answer.statusCode());
        answer.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.setHeader(name, values.toArray(String[]::new));
            }
        });
        answer.headers().firstValue("Content-Type").ifPresent(type -> {
            try {
                response.setContentType(type);
            } catch (ParseException e) {
                // Left unset: the body is then unreadable as JSON, which is reported as such.
            }
        });
        response.setBody(new String(answer.body(), StandardCharsets.UTF_8));
        return response;
    }

    private TokenEndpointException transientFailure(
            String operation, URI endpoint, String reason, @Nullable Throwable cause) {
        log.debug("OAuth {} at {} failed: {}", operation, endpoint.getHost(), reason);
        return new TokenEndpointException(
                Kind.TRANSIENT,
                null,
                "The " + operation + " at " + endpoint.getHost() + " failed: " + reason,
                null,
                cause);
    }

    private static String networkReason(@Nullable Throwable cause) {
        if (cause instanceof AnswerTooLarge) {
            return "the answer was larger than " + MAX_ANSWER_BYTES / 1024 + " KiB";
        }
        if (cause instanceof HttpConnectTimeoutException) {
            return "could not connect in time";
        }
        if (cause instanceof HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof ConnectException) {
            return "could not connect";
        }
        if (cause instanceof SSLException) {
            return "the secure connection failed";
        }
        if (cause instanceof IOException) {
            return "the connection failed";
        }
        return "the request failed";
    }

    private static @Nullable JSONObject json(HTTPResponse response) {
        String body = response.getBody();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSONObjectUtils.parse(body);
        } catch (ParseException e) {
            return null;
        }
    }

    private static @Nullable ErrorObject errorObject(HTTPResponse response) {
        JSONObject json = json(response);
        return json == null || !(json.get("error") instanceof String) ? null : ErrorObject.parse(json);
    }

    /** The failure an answer without tokens stands for; see the class comment for the kinds. */
    private TokenEndpointException failure(
            String operation, URI endpoint, HTTPResponse response, @Nullable ErrorObject error, List<String> sent) {
        int status = response.getStatusCode();
        String code = error == null ? null : error.getCode();
        Duration retryAfter =
                status == 429 || status == 503 ? retryAfter(response.getHeaderValue("Retry-After")) : null;
        Kind kind;
        String what;
        if (status >= 300 && status < 400) {
            // Moved for good is a set-up problem; any other redirect may be a maintenance page.
            kind = status == 301 || status == 308 ? Kind.REJECTED : Kind.TRANSIENT;
            what = "answered with a redirect, which is not followed";
        } else if (status == 408 || status == 429 || status >= 500) {
            kind = Kind.TRANSIENT;
            what = status == 429 ? "is rate limiting requests" : "had a server error";
        } else if (code != null) {
            String normalised = code.toLowerCase(Locale.ROOT);
            kind = INVALID_GRANT_CODES.contains(normalised)
                    ? Kind.INVALID_GRANT
                    : TRANSIENT_CODES.contains(normalised) ? Kind.TRANSIENT : Kind.REJECTED;
            what = "refused";
        } else if (status >= 200 && status < 300) {
            kind = Kind.TRANSIENT;
            what = "gave an answer that is not an OAuth 2.0 response";
        } else {
            kind = Kind.REJECTED;
            what = "refused without an OAuth 2.0 error";
        }
        StringBuilder message = new StringBuilder("The ")
                .append(operation)
                .append(" at ")
                .append(endpoint.getHost())
                .append(' ')
                .append(what)
                .append(" (HTTP ")
                .append(status);
        if (code != null) {
            message.append(", ").append(scrubCode(code, sent));
        }
        String description = error == null ? null : error.getDescription();
        if (description != null && !description.isBlank()) {
            message.append(": ").append(scrub(description, sent));
        }
        message.append(')');
        if (retryAfter != null) {
            message.append("; retry after ").append(retryAfter.toSeconds()).append(" s");
        }
        log.debug("OAuth {} at {} failed: HTTP {}, {} ({})", operation, endpoint.getHost(), status, kind, code);
        return new TokenEndpointException(
                kind, code == null ? null : scrubCode(code, sent), message.toString(), retryAfter, null);
    }

    /** Retry-After as delta-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
    private @Nullable Duration retryAfter(@Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        try {
            long seconds = Long.parseLong(trimmed);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    /**
     * The provider's text with everything this call sent masked (some echo the code or token they refuse),
     * control characters removed and the length capped. A value too short to mask without garbling the
     * text (a test's one-letter code) withholds the whole text when it occurs in it.
     */
    private static String scrub(String text, List<String> sent) {
        String scrubbed = text;
        for (String secret : sent) {
            if (secret.length() >= MIN_MASKED) {
                scrubbed = scrubbed.replace(secret, "****");
            } else if (!secret.isEmpty() && scrubbed.contains(secret)) {
                return "(withheld: it may quote what was sent)";
            }
        }
        // Tokens this call did not send (the access token a refresh token belongs to) cannot be looked for;
        // long opaque words of letters and digits, which descriptions have no other use for, are masked.
        scrubbed = OPAQUE.matcher(scrubbed).replaceAll(word -> {
            String w = word.group();
            return w.chars().anyMatch(Character::isDigit) && w.chars().anyMatch(Character::isLetter) ? "****" : w;
        });
        scrubbed = scrubbed.codePoints()
                .filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return scrubbed.length() > MAX_DESCRIPTION ? scrubbed.substring(0, MAX_DESCRIPTION) + "…" : scrubbed;
    }

    /** The error code, with anything sent masked; codes are short words, so short values are not looked for. */
    private static String scrubCode(String code, List<String> sent) {
        String scrubbed = code;
        for (String secret : sent) {
            if (secret.length() >= MIN_MASKED) {
                scrubbed = scrubbed.replace(secret, "****");
            }
        }
        return scrubbed;
    }

    /**
     * Everything secret this call sends, as it may come back quoted: the values, their form encoding, and the
     * {@code Authorization} header's credentials.
     */
    private static List<String> sensitive(OAuthClient client, List<String> values, HTTPRequest request) {
        List<String> all = new ArrayList<>();
        Secret secret = client.clientSecret();
        List<String> plain = new ArrayList<>(values);
        if (secret != null) {
            plain.add(secret.reveal());
        }
        for (String value : plain) {
            all.add(value);
            all.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        String authorization = request.getAuthorization();
        if (authorization != null) {
            int space = authorization.indexOf(' ');
            all.add(space < 0 ? authorization : authorization.substring(space + 1));
        }
        // Longest first, so a secret containing another is masked whole.
        all.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return all;
    }

    /** A body of at most {@code cap} bytes: a token answer is a few hundred, and nothing else is read. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        private final int cap;
        private long received;
        private boolean over;
        private Flow.@Nullable Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return bytes.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            bytes.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (over) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > cap) {
                over = true;
                Objects.requireNonNull(subscription).cancel();
                bytes.onError(new AnswerTooLarge());
                return;
            }
            bytes.onNext(items);
        }

        @Override
        public void onError(Throwable error) {
            if (!over) {
                bytes.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (!over) {
                bytes.onComplete();
            }
        }
    }

    /** The answer passed {@link #MAX_ANSWER_BYTES}. */
    private static final class AnswerTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        AnswerTooLarge() {
            super("The answer passed the size limit");
        }
    }

    /** Timeouts and clock of a {@link NimbusOAuthProtocol}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /** How long to wait for a connection to an endpoint (5 s by default). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long to wait for an endpoint's answer once connected (10 s by default). */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = positive(readTimeout, "readTimeout");
            return this;
        }

        /** The clock that turns {@code expires_in} into an instant and reads {@code Retry-After} dates. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The protocol. */
        public NimbusOAuthProtocol build() {
            return new NimbusOAuthProtocol(this);
        }

        private static Duration positive(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }
    }
}
