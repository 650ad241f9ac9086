package dev.connections.verify;

import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.Probe;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.ResolvedConnection;
import dev.connections.verify.Verification.Status;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link CredentialVerifier}: sends the app's catalog {@link Probe} with the key placed exactly
 * as a trigger places it, on the JDK's {@link HttpClient}, and reads the status.
 *
 * <p>Bounded in every direction: connect and total timeouts (3 s and 10 s by default), no redirects
 * followed, at most {@code maxResponseBytes} of a body read, at most {@code maxConcurrent} checks in
 * flight. For custom apps the {@link BaseUrlPolicy} is applied to the base URL and to every address its
 * host resolves to, just before connecting; catalog base URLs are trusted.
 *
 * <p>The key reaches only the request. Results carry the provider's scrubbed message, log lines carry ids
 * and statuses, and no exception message (which could hold a URL with the key in it) is passed on.
 */
public final class HttpCredentialVerifier implements CredentialVerifier {
    private static final Logger log = LoggerFactory.getLogger(HttpCredentialVerifier.class);
    private static final String USER_AGENT = "Connections-Verifier/1";

    // Built on the first check: every facade gets a verifier, most never check a key, and a client
    // starts a selector thread.
    private final HttpClient.Builder clientSettings;
    private volatile @Nullable HttpClient client;
    private final Duration connectTimeout;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final Semaphore inFlight;
    private final BaseUrlPolicy policy;
    private final Clock clock;
    private final AddressLookup lookup;
    private final LongSupplier ticker;

    private HttpCredentialVerifier(Builder b) {
        this.clientSettings =
                HttpClient.newBuilder().connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
        // HttpClient's default is ProxySelector.getDefault(), which follows https.proxyHost: a proxy would
        // resolve a custom app's host itself, past the address check made here.
        clientSettings.proxy(b.proxy != null ? b.proxy : HttpClient.Builder.NO_PROXY);
        this.connectTimeout = b.connectTimeout;
        this.timeout = b.timeout;
        this.maxResponseBytes = b.maxResponseBytes;
        this.inFlight = new Semaphore(b.maxConcurrent);
        this.policy = b.policy;
        this.clock = b.clock;
        this.lookup = b.lookup;
        this.ticker = b.ticker;
    }

    /** A verifier with the defaults: 3 s to connect, 10 s in all, 64 KiB read, 16 checks at once. */
    public static HttpCredentialVerifier withDefaults() {
        return builder().build();
    }

    /** Starts a verifier with the default limits and {@link BaseUrlPolicy#defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Verification verify(ResolvedConnection connection) {
        // One deadline bounds the whole check: the address check, the wait for a slot and the exchange.
        long deadline = ticker.getAsLong() + timeout.toNanos();
        Integration app = connection.integration();
        Probe probe = app.credentials().verificationProbe().orElse(null);
        URI base = connection.baseUrl().orElse(null);
        if (probe == null || base == null) {
            return result(Status.UNSUPPORTED, app.displayName() + " offers no way to check a key.", null);
        }
        Map<String, String> settings = connection.settings();
        for (String name : probe.placeholders()) {
            if (settings.getOrDefault(name, "").isBlank()) {
                return result(
                        Status.UNSUPPORTED, "The check needs the setting \"" + name + "\", which is empty.", null);
            }
        }
        if (app.isCustom()) {
            String refused = refusedAddress(base);
            if (refused != null) {
                return result(Status.UNREACHABLE, refused, null);
            }
        }
        boolean acquired = false;
        try {
            // Waiting for a slot counts as connecting: a queue longer than that is an overloaded host.
            acquired =
                    inFlight.tryAcquire(Math.min(connectTimeout.toNanos(), remaining(deadline)), TimeUnit.NANOSECONDS);
            if (!acquired) {
                return result(Status.UNREACHABLE, "Too many checks are running; try again in a moment.", null);
            }
            Verification verification =
                    connection.withKey(key -> send(connection, probe, base, key.reveal(), deadline));
            log.debug(
                    "Checked connection {} of {}: {} (HTTP {})",
                    connection.connection().id(),
                    app.id(),
                    verification.status(),
                    verification.httpStatus());
            return verification;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return result(Status.UNREACHABLE, "The check was interrupted.", null);
        } finally {
            if (acquired) {
                inFlight.release();
            }
        }
    }

    /** Why the policy refuses a custom app's base URL or one of its addresses; null when allowed. */
    private @Nullable String refusedAddress(URI base) {
        BaseUrlPolicy.Verdict url = policy.check(base.toString());
        if (!url.allowed()) {
            return url.message();
        }
        String host = base.getHost();
        try {
            // The JDK caches this answer (networkaddress.cache.ttl, 30 s by default), so the client
            // connects to an address checked here rather than to a second, rebound answer.
            for (InetAddress address : lookup.resolve(host)) {
                BaseUrlPolicy.Verdict verdict = policy.check(host, address);
                if (!verdict.allowed()) {
                    return verdict.message();
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "Could not find " + host + ".";
        }
    }

    private long remaining(long deadline) {
        return Math.max(0, deadline - ticker.getAsLong());
    }

    private Verification send(ResolvedConnection connection, Probe probe, URI base, String key, long deadline) {
        long left = remaining(deadline);
        if (left == 0) {
            return result(Status.UNREACHABLE, "No answer within " + timeout.toMillis() + " ms.", null);
        }
        HttpRequest request;
        try {
            request = request(connection, probe, base, key, Duration.ofNanos(left));
        } catch (IllegalArgumentException e) {
            // The URI or a header could not be built (e.g. a setting with characters a header cannot hold);
            // the message may quote the URL, and with it the key.
            return result(Status.UNSUPPORTED, "The check's request could not be built from this connection.", null);
        }
        AtomicReference<CappedBody> body = new AtomicReference<>();
        AtomicReference<HttpResponse.ResponseInfo> head = new AtomicReference<>();
        CompletableFuture<HttpResponse<byte[]>> pending = client().sendAsync(request, info -> {
            head.set(info);
            CappedBody capped = new CappedBody(maxResponseBytes);
            body.set(capped);
            return capped;
        });
        try {
            HttpResponse<byte[]> response = pending.get(remaining(deadline), TimeUnit.NANOSECONDS);
            String type = response.headers().firstValue("Content-Type").orElse(null);
            return classify(probe, response.statusCode(), ProviderReason.from(response.body(), type, key));
        } catch (TimeoutException e) {
            pending.cancel(true);
            CappedBody capped = body.get();
            if (capped != null) {
                capped.cancel();
            }
            HttpResponse.ResponseInfo info = head.get();
            // The status arrived but the body stalled: the status alone still says what it says.
            return info != null
                    ? classify(probe, info.statusCode(), "")
                    : result(Status.UNREACHABLE, "No answer within " + timeout.toMillis() + " ms.", null);
        } catch (ExecutionException e) {
            return result(Status.UNREACHABLE, networkReason(e.getCause()), null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return result(Status.UNREACHABLE, "The check was interrupted.", null);
        }
    }

    private HttpClient client() {
        HttpClient built = client;
        if (built == null) {
            synchronized (clientSettings) {
                built = client;
                if (built == null) {
                    built = clientSettings.build();
                    client = built;
                }
            }
        }
        return built;
    }

    private HttpRequest request(
            ResolvedConnection connection, Probe probe, URI base, String key, Duration requestTimeout) {
        String root = base.toString().replaceAll("/+$", "");
        String path = probe.path();
        for (String name : probe.placeholders()) {
            path = path.replace(
                    "{" + name + "}", pathSegment(connection.settings().get(name)));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder()
                .timeout(requestTimeout)
                .header("User-Agent", USER_AGENT)
                .header("Accept", "application/json");
        KeyPlacement placement = connection.placement();
        String url;
        if (placement instanceof KeyPlacement.PathSegment segment) {
            url = root + "/" + segment.prefix() + pathSegment(key) + path;
        } else if (placement instanceof KeyPlacement.QueryParameter query) {
            url = root + path + (path.contains("?") ? "&" : "?") + query.name() + "="
                    + URLEncoder.encode(key, StandardCharsets.UTF_8);
        } else {
            url = root + path;
        }
        if (placement instanceof KeyPlacement.Header header) {
            builder.header(header.name(), header.prefix() + key);
        } else if (placement instanceof KeyPlacement.BasicAuth basic) {
            String user = basic.usernameSetting() == null
                    ? key
                    : connection.settings().getOrDefault(basic.usernameSetting(), "");
            String password = basic.usernameSetting() == null ? "" : key;
            String pair = user + ":" + password;
            builder.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        connection.settingHeaders().forEach(builder::header);
        HttpRequest.BodyPublisher empty = HttpRequest.BodyPublishers.noBody();
        return builder.uri(URI.create(url)).method(probe.method(), empty).build();
    }

    private Verification classify(Probe probe, int status, String message) {
        String reason = "HTTP " + status + (message.isEmpty() ? "" : ": " + message);
        if (probe.validStatuses().contains(status)) {
            return result(Status.VALID, reason, status);
        }
        if (probe.invalidStatuses().contains(status)) {
            return result(Status.INVALID, reason, status);
        }
        String why;
        if (status >= 300 && status < 400) {
            why = "The API answered with a redirect, which a check does not follow (" + reason + ").";
        } else if (status == 429) {
            why = "The API is rate limiting requests; try again later (" + reason + ").";
        } else if (status >= 500) {
            why = "The API had a server error (" + reason + ").";
        } else {
            why = "The API's answer says nothing about the key (" + reason + ").";
        }
        return result(Status.UNREACHABLE, why, status);
    }

    private static String networkReason(@Nullable Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return "Could not connect in time.";
        }
        if (cause instanceof HttpTimeoutException) {
            return "No answer in time.";
        }
        if (cause instanceof ConnectException) {
            return "Could not connect to the API.";
        }
        if (cause instanceof SSLException) {
            return "The secure connection to the API failed.";
        }
        if (cause instanceof IOException) {
            return "The connection to the API failed.";
        }
        return "The check failed.";
    }

    private Verification result(Status status, String reason, @Nullable Integer httpStatus) {
        return Verification.of(status, reason, httpStatus, clock.instant());
    }

    private static String pathSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Name resolution, replaceable in tests that play DNS rebinding. */
    @FunctionalInterface
    interface AddressLookup {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    /** Limits and policy of an {@link HttpCredentialVerifier}. */
    public static final class Builder {
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration timeout = Duration.ofSeconds(10);
        private int maxResponseBytes = 64 * 1024;
        private int maxConcurrent = 16;
        private BaseUrlPolicy policy = BaseUrlPolicy.defaults();
        private Clock clock = Clock.systemUTC();
        private @Nullable ProxySelector proxy;
        private AddressLookup lookup = host -> List.of(InetAddress.getAllByName(host));
        private LongSupplier ticker = System::nanoTime;

        private Builder() {}

        /** How long connecting may take (default 3 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /**
         * How long a whole check may take, from the call (a wait for a free slot included) to the last byte
         * read (default 10 s).
         */
        public Builder timeout(Duration timeout) {
            this.timeout = positive(timeout, "timeout");
            return this;
        }

        /** How much of a response body is read (default 64 KiB); the rest is never downloaded. */
        public Builder maxResponseBytes(int maxResponseBytes) {
            if (maxResponseBytes < 1) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** How many checks may be in flight at once (default 16); more wait up to the connect timeout. */
        public Builder maxConcurrent(int maxConcurrent) {
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException("maxConcurrent must be positive");
            }
            this.maxConcurrent = maxConcurrent;
            return this;
        }

        /** Where custom apps may be checked (default {@link BaseUrlPolicy#defaults()}). */
        public Builder baseUrlPolicy(BaseUrlPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The proxy for checks (default: none, a direct connection — the JVM's {@code https.proxyHost} and
         * {@code ProxySelector.getDefault()} are ignored, so a custom app's host is reached only at the
         * addresses checked against the policy).
         */
        public Builder proxy(ProxySelector proxy) {
            this.proxy = Objects.requireNonNull(proxy, "proxy");
            return this;
        }

        /** The clock stamping results. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        Builder lookup(AddressLookup lookup) {
            this.lookup = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** The nanosecond time source of the check's deadline, replaceable in tests. */
        Builder ticker(LongSupplier ticker) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            return this;
        }

        private static Duration positive(Duration value, String setting) {
            Objects.requireNonNull(value, setting);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(setting + " must be positive");
            }
            return value;
        }

        public HttpCredentialVerifier build() {
            if (connectTimeout.compareTo(timeout) > 0) {
                throw new IllegalArgumentException("connectTimeout cannot be longer than timeout");
            }
            return new HttpCredentialVerifier(this);
        }
    }
}
