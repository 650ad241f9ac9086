package dev.connections.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.connections.catalog.CredentialSpec;
import dev.connections.catalog.Integration;
import dev.connections.catalog.KeyPlacement;
import dev.connections.catalog.Probe;
import dev.connections.connection.BaseUrlPolicy;
import dev.connections.connection.Connection;
import dev.connections.connection.ResolvedConnection;
import dev.connections.id.ConnectionId;
import dev.connections.id.IntegrationId;
import dev.connections.id.WorkspaceId;
import dev.connections.secret.Secret;
import dev.connections.secret.SecretRef;
import dev.connections.verify.Verification.Status;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a check says at the edges: each band of HTTP statuses a probe does not name, network failures by kind,
 * refusals before anything is sent, interruptions, and the slot a finished check gives back.
 */
class HttpCredentialVerifierLimitsTest {
    private static final String KEY = "sk-test-Lm3Kq8Zr5Wt1Yp7Nc4";
    private static final WorkspaceId WS = WorkspaceId.of("ws-verify-limits");

    private HttpServer server;
    private final AtomicReference<Thread> interruptOnStall = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/status/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.sendResponseHeaders(Integer.parseInt(path.substring(path.lastIndexOf('/') + 1)), -1);
            exchange.close();
        });
        server.createContext("/stall", exchange -> {
            Thread waiting = interruptOnStall.get();
            if (waiting != null) {
                waiting.interrupt();
            }
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        Thread.interrupted(); // never leave the flag for the next test
    }

    @ParameterizedTest(name = "HTTP {0} → {1}")
    @CsvSource({
        "300, The API answered with a redirect",
        "399, The API answered with a redirect",
        "400, The API's answer says nothing about the key",
        "428, The API's answer says nothing about the key",
        "429, The API is rate limiting requests",
        "499, The API's answer says nothing about the key",
        "500, The API had a server error",
        "503, The API had a server error",
    })
    void aStatusTheProbeDoesNotNameIsExplainedByItsBand(int status, String reason) {
        Verification result = check(catalogApp(baseUrl(), "/status/" + status), fast());

        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.httpStatus()).isEqualTo(status);
        assertThat(result.reason()).startsWith(reason).contains("(HTTP " + status + ")");
    }

    @Test
    void aFinishedCheckGivesItsSlotBack() {
        HttpCredentialVerifier one = HttpCredentialVerifier.builder()
                .maxConcurrent(1)
                .connectTimeout(Duration.ofMillis(500))
                .timeout(Duration.ofSeconds(5))
                .build();
        for (int i = 0; i < 3; i++) {
            assertThat(check(catalogApp(baseUrl(), "/status/200"), one).status())
                    .isEqualTo(Status.VALID);
        }
    }

    @Test
    void aCheckMayReadAsLittleAsOneByteOfTheAnswerButNotNone() {
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .maxResponseBytes(1)
                .connectTimeout(Duration.ofSeconds(2))
                .timeout(Duration.ofSeconds(5))
                .build();
        assertThat(check(catalogApp(baseUrl(), "/status/200"), verifier).status())
                .isEqualTo(Status.VALID);
        assertThatThrownBy(() -> HttpCredentialVerifier.builder().maxResponseBytes(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxResponseBytes must be positive");
    }

    @Test
    void theConnectTimeoutMayBeTheWholeTimeout() {
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .connectTimeout(Duration.ofSeconds(4))
                .timeout(Duration.ofSeconds(4))
                .build();
        assertThat(check(catalogApp(baseUrl(), "/status/200"), verifier).status())
                .isEqualTo(Status.VALID);
    }

    @Test
    void aCustomAppWhoseBaseUrlThePolicyRefusesGetsThePolicysReasonAndNoLookup() {
        String base = "http://10.0.0.5/api";
        AtomicInteger lookups = new AtomicInteger();
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .lookup(host -> {
                    lookups.incrementAndGet();
                    return List.of();
                })
                .build();

        Verification result = check(customApp(base), verifier);

        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        String policyReason = BaseUrlPolicy.defaults().check(base).message();
        assertThat(policyReason).isNotBlank();
        assertThat(result.reason()).isEqualTo(policyReason);
        assertThat(lookups).hasValue(0);
    }

    @Test
    void aCustomAppWhoseHostHasNoAddressIsNotFound() {
        HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                .lookup(host -> {
                    throw new UnknownHostException(host);
                })
                .build();

        Verification result = check(customApp("https://nowhere.example.com/api"), verifier);

        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).isEqualTo("Could not find nowhere.example.com.");
    }

    @Test
    void aCheckStartedOnAnInterruptedThreadStopsAndKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        Verification result = check(catalogApp(baseUrl(), "/status/200"), fast());

        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).isEqualTo("The check was interrupted.");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void aCheckInterruptedWhileWaitingForTheAnswerStopsAndKeepsTheInterrupt() {
        interruptOnStall.set(Thread.currentThread());
        Verification result = check(catalogApp(baseUrl(), "/stall"), fast());

        assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
        assertThat(result.reason()).isEqualTo("The check was interrupted.");
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void aTlsHandshakeNobodyAnswersIsAConnectTimeout() throws Exception {
        // TLS is part of connecting: a server that accepts and then says nothing never completes it.
        try (RawServer silent = new RawServer(socket -> await(release))) {
            HttpCredentialVerifier verifier = HttpCredentialVerifier.builder()
                    .connectTimeout(Duration.ofMillis(300))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            Verification result = check(catalogApp(silent.url("https"), "/status/200"), verifier);

            assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
            assertThat(result.reason()).isEqualTo("Could not connect in time.");
        }
    }

    @Test
    void aTlsCheckAnsweredInPlainHttpIsASecureConnectionFailure() throws Exception {
        try (RawServer plain = new RawServer(socket -> socket.getOutputStream()
                .write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            Verification result = check(catalogApp(plain.url("https"), "/status/200"), fast());

            assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
            assertThat(result.reason()).isEqualTo("The secure connection to the API failed.");
        }
    }

    @Test
    void aServerThatReadsTheRequestAndHangsUpIsAFailedConnection() throws Exception {
        try (RawServer hangUp = new RawServer(socket -> readHead(socket.getInputStream()))) {
            Verification result = check(catalogApp(hangUp.url("http"), "/status/200"), fast());

            assertThat(result.status()).isEqualTo(Status.UNREACHABLE);
            assertThat(result.reason()).isEqualTo("The connection to the API failed.");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static HttpCredentialVerifier fast() {
        return HttpCredentialVerifier.builder()
                .connectTimeout(Duration.ofSeconds(2))
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    private static Integration catalogApp(String baseUrl, String probePath) {
        return app(IntegrationId.of("acme"), baseUrl, probePath);
    }

    private static Integration customApp(String baseUrl) {
        return app(IntegrationId.of("custom-limits"), baseUrl, "/ok");
    }

    private static Integration app(IntegrationId id, String baseUrl, String probePath) {
        CredentialSpec credentials =
                new CredentialSpec(KeyPlacement.bearer(), null, null, null, List.of(), Probe.get(probePath));
        return new Integration(id, "Acme", "Test app", List.of("Test"), credentials, URI.create(baseUrl), null);
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b = in.read(); b >= 0; b = in.read()) {
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return;
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What a socket server does with each connection it accepts, before closing it. */
    @FunctionalInterface
    interface SocketBehaviour {
        void handle(Socket socket) throws IOException;
    }

    /** A loopback server below HTTP: accepts, plays one behaviour per connection, closes. */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket;

        RawServer(SocketBehaviour behaviour) throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket accepted = socket.accept()) {
                        behaviour.handle(accepted);
                    } catch (IOException e) {
                        // closed, or the client went away: next connection
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String url(String scheme) {
            return scheme + "://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static Verification check(Integration app, HttpCredentialVerifier verifier) {
        Instant now = Instant.parse("2026-11-29T09:00:00Z");
        Connection connection = new Connection(
                ConnectionId.random(),
                WS,
                app.id(),
                "Main",
                true,
                SecretRef.random(now),
                KEY.substring(KEY.length() - 4),
                Map.of(),
                now,
                now,
                1);
        return verifier.verify(new ResolvedConnection(connection, app, () -> Secret.of(KEY)));
    }
}
