package dev.connections.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.Probe;
import dev.connections.catalog.SettingSpec;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.crypto.LogCapture;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretRef;
import dev.connections.verify.Verification.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP verifier against a provider played on loopback: each answer a provider gives, and its limits. */
class HttpCredentialVerifierTest {
    private static final String KEY = "sk-test-Q7vX2mN9pL4rT8wK3zY6";
    private static final WorkspaceId WS = WorkspaceId.of("ws-verify");

    private FakeProvider provider;
    private LogCapture logs;
    private final List<Verification> results = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        provider = new FakeProvider(KEY);
        logs = new LogCapture();
    }

    @AfterEach
    void stop() {
        logs.close();
        provider.close();
        // The key never leaves the request: not in a result, not in a log line.
        for (Verification result : results) {
            assertThat(result.toString()).doesNotContain(KEY).doesNotContain(KEY.substring(KEY.length() - 6));
        }
        assertThat(logs.all()).doesNotContain(KEY);
    }

    @ParameterizedTest(name = "HTTP answer of /{0} → {1}")
    @CsvSource({
        "ok, VALID, 200",
        "unauthorized, INVALID, 401",
        "forbidden, INVALID, 403",
        "ratelimited, UNREACHABLE, 429",
        "broken, UNREACHABLE, 500",
        "missing, UNREACHABLE, 404",
        "redirect, UNREACHABLE, 302",
        "huge, VALID, 200",
    })
    @DisplayName("each provider answer gives its verdict, with the status it rests on")
    void answers(String path, Status expected, int status) {
        Verification result = check(catalogApp(Probe.get("/" + path), KeyPlacement.bearer()), fast());
        assertThat(result.status()).isEqualTo(expected);
        assertThat(result.httpStatus()).isEqualTo(status);
    }

    @Test
    @DisplayName("a rejection carries the provider's reason, with the echoed key and its masked form removed")
    void rejectionReasonIsScrubbed() {
        Verification result = check(catalogApp(Probe.get("/unauthorized"), KeyPlacement.bearer()), fast());
        assertThat(result.status()).isEqualTo(Status.INVALID);
        assertThat(result.reason())
                .startsWith("HTTP 401: Incorrect API key provided:")
                .contains("[redacted]")
                .doesNotContain("sk-****")
                .doesNotContain(KEY.substring(KEY.length() - 4));
        assertThat(check(catalogApp(Probe.get("/forbidden"), KeyPlacement.bearer()), fast())
                        .reason())
                .isEqualTo("HTTP 403: This key lacks the read scope");
    }

    @Test
    @DisplayName("a redirect is not followed: no request reaches the address it points to")
    void redirectNotFollowed() {
        Verification result = check(catalogApp(Probe.get("/redirect"), KeyPlacement.bearer()), fast());
        assertThat(result.reason()).contains("redirect");
        assertThat(provider.received()).hasSize(1);
    }

    @Test
    @DisplayName("a 50 MB body is not downloaded: the check reads its cap and hangs up")
    void hugeBodyIsCapped() {
        check(catalogApp(Probe.get("/huge"), KeyPlacement.bearer()), fast());
        assertThat(provider.hugeBytesWritten.get()).isLessThan(50L * 1024 * 1024);
    }

    @Test
    @DisplayName("a provider that never answers gives UNREACHABLE once the timeout passes")
    void stalledResponse() {
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .connectTimeout(Duration.ofMillis(300))
                .timeout(Duration.ofMillis(500))
                .baseUrlPolicy(BaseUrlPolicy.defaults().allowingHttpOnLoopback())
                .build();
        Verification result = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> check(catalogApp(Probe.get("/stall"), KeyPlacement.bearer()), verifier));
        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).startsWith("No answer");
    }

    @Test
    @DisplayName("a status that arrived before the body stalled still decides")
    void stalledBody() {
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .connectTimeout(Duration.ofMillis(300))
                .timeout(Duration.ofMillis(500))
                .build();
        Verification result = assertTimeoutPreemptively(
                Duration.ofSeconds(10),
                () -> check(catalogApp(Probe.get("/stallbody"), KeyPlacement.bearer()), verifier));
        assertThat(result.status()).isEqualTo(Status.VALID);
    }

    @Test
    @DisplayName("nothing listening: UNREACHABLE, not INVALID")
    void connectionRefused() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Integration app = app(
                IntegrationId.of("acme"),
                "http://127.0.0.1:" + closedPort,
                KeyPlacement.bearer(),
                Probe.get("/ok"),
                List.of());
        Verification result = check(app, fast());
        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).isEqualTo("Could not connect to the API.");
    }

    @Test
    @DisplayName("the key goes exactly where a trigger puts it: header, query, basic auth, path segment")
    void keyPlacement() {
        check(catalogApp(Probe.get("/ok"), new KeyPlacement.Header("X-Api-Key", "Token ")), fast());
        assertThat(last().headers().get("x-api-key")).containsExactly("Token " + KEY);

        check(catalogApp(Probe.get("/ok?limit=1"), new KeyPlacement.QueryParameter("api_key")), fast());
        assertThat(last().query()).isEqualTo("limit=1&api_key=" + KEY);
        assertThat(last().headers()).doesNotContainKey("authorization");

        check(catalogApp(Probe.get("/ok"), new KeyPlacement.BasicAuth(null)), fast());
        assertThat(last().headers().get("authorization")).containsExactly("Basic " + basic(KEY + ":"));

        Integration twilio = app(
                IntegrationId.of("twilio-like"),
                provider.baseUrl(),
                new KeyPlacement.BasicAuth("accountSid"),
                Probe.get("/Accounts/{accountSid}/ok.json"),
                List.of(new SettingSpec("accountSid", "Account SID", null, true, null)));
        check(twilio, Map.of("accountSid", "AC 1/2"), fast());
        assertThat(last().path()).isEqualTo("/api/Accounts/AC%201%2F2/ok.json");
        assertThat(last().headers().get("authorization")).containsExactly("Basic " + basic("AC 1/2:" + KEY));

        check(catalogApp(Probe.get("/getMe"), new KeyPlacement.PathSegment("bot")), fast());
        assertThat(last().path()).isEqualTo("/api/bot" + KEY + "/getMe");
    }

    @Test
    @DisplayName("setting headers travel with the check, as they do with a trigger")
    void settingHeaders() {
        Integration app = app(
                IntegrationId.of("versioned"),
                provider.baseUrl(),
                KeyPlacement.bearer(),
                Probe.get("/ok"),
                List.of(new SettingSpec("version", "API version", "2024-01-01", true, "X-Version")));
        check(app, fast());
        assertThat(last().headers().get("x-version")).containsExactly("2024-01-01");
    }

    @Test
    @DisplayName("no probe, no base URL or an empty setting the probe needs: UNSUPPORTED, nothing sent")
    void unsupported() {
        Integration noProbe =
                app(IntegrationId.of("plain"), provider.baseUrl(), KeyPlacement.bearer(), null, List.of());
        assertThat(check(noProbe, fast()).status()).isEqualTo(Status.UNSUPPORTED);
        Integration needsSetting = app(
                IntegrationId.of("needs"),
                provider.baseUrl(),
                KeyPlacement.bearer(),
                Probe.get("/{account}/ok"),
                List.of(new SettingSpec("account", "Account", null, false, null)));
        Verification result = check(needsSetting, fast());
        assertThat(result.status()).isEqualTo(Status.UNSUPPORTED);
        assertThat(result.reason()).contains("\"account\"");
        assertThat(provider.received()).isEmpty();
    }

    @Test
    @DisplayName("custom apps: the policy refuses a loopback base URL before anything is sent")
    void customAppOnLoopbackRefusedByDefault() {
        Integration custom = app(
                IntegrationId.of("custom-acme"),
                provider.baseUrl(),
                KeyPlacement.bearer(),
                Probe.get("/ok"),
                List.of());
        Verification result = check(custom, HttpCredentialVerifier.withDefaults());
        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(provider.received()).isEmpty();

        HttpCredentialVerifier development = HttpCredentialVerifier.builder()
                .baseUrlPolicy(BaseUrlPolicy.defaults().allowingHttpOnLoopback())
                .build();
        assertThat(check(custom, development).status()).isEqualTo(Status.VALID);
    }

    @Test
    @DisplayName("custom apps: a public-looking name that resolves to an internal address is refused (rebinding)")
    void customAppNameResolvingInside() {
        Integration custom = app(
                IntegrationId.of("custom-rebind"),
                "https://rebind.example.com/api",
                KeyPlacement.bearer(),
                Probe.get("/ok"),
                List.of());
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .lookup(host -> List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 5})))
                .build();
        Verification result = check(custom, verifier);
        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).contains("rebind.example.com resolved to 10.0.0.5");
    }

    @Test
    @DisplayName("at most maxConcurrent checks run at once; one more waits, then gives up")
    void concurrencyLimit() throws Exception {
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .maxConcurrent(1)
                .connectTimeout(Duration.ofMillis(200))
                .timeout(Duration.ofMillis(1500))
                .build();
        Integration stalling = catalogApp(Probe.get("/stall"), KeyPlacement.bearer());
        CompletableFuture<Verification> first = CompletableFuture.supplyAsync(() -> check(stalling, verifier));
        assertThat(provider.stallReached.await(10, TimeUnit.SECONDS)).isTrue();
        Verification second = check(catalogApp(Probe.get("/ok"), KeyPlacement.bearer()), verifier);
        assertThat(second.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(second.reason()).startsWith("Too many checks");
        assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.UNREACHABLE);
    }

    @Test
    @DisplayName("the JVM's default proxy is not used: checks connect directly unless a proxy is configured")
    void jvmProxyIgnored() throws Exception {
        ProxySelector before = ProxySelector.getDefault();
        try (ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            proxy.setSoTimeout(1);
            AtomicInteger proxied = new AtomicInteger();
            ProxySelector.setDefault(new ProxySelector() {
                @Override
                public List<Proxy> select(URI uri) {
                    proxied.incrementAndGet();
                    return List.of(new Proxy(Proxy.Type.HTTP, proxy.getLocalSocketAddress()));
                }

                @Override
                public void connectFailed(URI uri, SocketAddress address, IOException e) {}
            });
            Verification result = check(catalogApp(Probe.get("/ok"), KeyPlacement.bearer()), fast());
            assertThat(result.status()).isEqualTo(Status.VALID);
            assertThat(provider.received()).hasSize(1);
            assertThat(proxied).hasValue(0);
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    @Test
    @DisplayName("the total timeout bounds the whole check: time spent before sending counts against it")
    void deadlineCoversTheWholeCheck() {
        AtomicLong now = new AtomicLong();
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .timeout(Duration.ofSeconds(10))
                .baseUrlPolicy(BaseUrlPolicy.defaults().allowingHttpOnLoopback())
                .ticker(now::get)
                .lookup(host -> {
                    // A slow name lookup uses up the whole budget before the request could be sent.
                    now.addAndGet(Duration.ofSeconds(11).toNanos());
                    return List.of(InetAddress.getLoopbackAddress());
                })
                .build();
        Integration custom = app(
                IntegrationId.of("custom-slow"),
                provider.baseUrl(),
                KeyPlacement.bearer(),
                Probe.get("/ok"),
                List.of());
        Verification result = check(custom, verifier);
        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).startsWith("No answer within 10000 ms");
        assertThat(provider.received()).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private HttpCredentialVerifier fast() {
        return HttpCredentialVerifier.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private Integration catalogApp(Probe probe, KeyPlacement placement) {
        return app(IntegrationId.of("acme"), provider.baseUrl(), placement, probe, List.of());
    }

    @Test
    @DisplayName("the key handed to the check is wiped when the check returns, accepted or rejected")
    void keyIsWipedAfterTheCheck() {
        List<Secret> handedOut = new ArrayList<>();
        Supplier<Secret> opener = () -> {
            Secret key = Secret.of(KEY);
            handedOut.add(key);
            return key;
        };
        check(catalogApp(Probe.get("/ok"), KeyPlacement.bearer()), fast(), opener);
        check(catalogApp(Probe.get("/unauthorized"), KeyPlacement.bearer()), fast(), opener);

        assertThat(handedOut).hasSize(2).allSatisfy(key -> assertThat(key.isWiped())
                .isTrue());
        assertThat(provider.received()).hasSize(2);
    }

    private static Integration app(
            IntegrationId id, String baseUrl, KeyPlacement placement, Probe probe, List<SettingSpec> settings) {
        CredentialSpec credentials = new CredentialSpec(placement, null, null, null, settings, probe);
        return new Integration(id, "Acme", "Test app", List.of("Test"), credentials, URI.create(baseUrl), null);
    }

    private Verification check(Integration app, HttpCredentialVerifier verifier) {
        return check(app, Map.of(), verifier);
    }

    private Verification check(Integration app, HttpCredentialVerifier verifier, Supplier<Secret> keyOpener) {
        return check(app, Map.of(), verifier, keyOpener);
    }

    private Verification check(Integration app, Map<String, String> settings, HttpCredentialVerifier verifier) {
        return check(app, settings, verifier, () -> Secret.of(KEY));
    }

    private Verification check(
            Integration app,
            Map<String, String> settings,
            HttpCredentialVerifier verifier,
            Supplier<Secret> keyOpener) {
        Instant now = Instant.parse("2026-11-29T09:00:00Z");
        Connection connection = new Connection(
                ConnectionId.random(),
                WS,
                app.id(),
                "Main",
                true,
                SecretRef.random(now),
                KEY.substring(KEY.length() - 4),
                settings,
                now,
                now,
                1);
        Verification result = verifier.verify(new ResolvedConnection(connection, app, keyOpener));
        results.add(result);
        return result;
    }

    private FakeProvider.Received last() {
        List<FakeProvider.Received> all = provider.received();
        return all.get(all.size() - 1);
    }

    private static String basic(String pair) {
        return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }
}
