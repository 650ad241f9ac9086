package dev.connections.tck.fault;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpFaultProxyTest {
    /** How long "nothing arrives" is watched; a broken proxy could only pass by luck, never fail by load. */
    private static final int SILENCE_MILLIS = 300;

    private EchoServer echo;
    private TcpFaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new EchoServer();
        proxy = TcpFaultProxy.start("127.0.0.1", echo.port());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(proxy.host(), proxy.port());
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(UTF_8));
        s.getOutputStream().flush();
    }

    private static String receive(Socket s, int length) throws IOException {
        byte[] bytes = s.getInputStream().readNBytes(length);
        return new String(bytes, UTF_8);
    }

    private static String echoed(Socket s, String text) throws IOException {
        send(s, text);
        return receive(s, text.length());
    }

    private static void assertSilent(Socket s) throws IOException {
        int timeout = s.getSoTimeout();
        s.setSoTimeout(SILENCE_MILLIS);
        try {
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
        } finally {
            s.setSoTimeout(timeout);
        }
    }

    @Test
    void passesBytesThroughBothWays() throws IOException {
        try (Socket s = connect()) {
            assertThat(echoed(s, "hello")).isEqualTo("hello");
            assertThat(echoed(s, "again")).isEqualTo("again");
        }
        assertThat(proxy.accepted()).isEqualTo(1);
        // Counted after each write returns, which may be after the echo arrived.
        await().atMost(Duration.ofSeconds(10)).until(() -> proxy.bytesToClient() == 10);
        assertThat(proxy.bytesToServer()).isEqualTo(10);
        assertThat(proxy.mode()).isEqualTo(TcpFaultProxy.Mode.PASS_THROUGH);
    }

    @Test
    void addsLatencyInEachDirection() throws IOException {
        try (Socket s = connect()) {
            echoed(s, "warm");
            proxy.latency(Duration.ofMillis(100));
            long start = System.nanoTime();
            assertThat(echoed(s, "slow")).isEqualTo("slow");
            // A lower bound only: a loaded machine makes it slower, never faster.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
            proxy.latency(Duration.ZERO);
            assertThat(echoed(s, "fast")).isEqualTo("fast");
        }
    }

    @Test
    void limitsBandwidth() throws IOException {
        try (Socket s = connect()) {
            proxy.bandwidth(20_000);
            String payload = "x".repeat(10_000);
            long start = System.nanoTime();
            assertThat(echoed(s, payload)).isEqualTo(payload);
            // 10 KB at 20 KB/s is half a second; the last chunk's pause comes after it is delivered.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    void blackholeHoldsBytesOnLiveConnectionsUntilHealed() throws IOException {
        try (Socket s = connect()) {
            assertThat(echoed(s, "before")).isEqualTo("before");
            proxy.blackhole();
            send(s, "during");
            assertSilent(s);
            proxy.passThrough();
            assertThat(receive(s, 6)).isEqualTo("during");
        }
    }

    @Test
    void blackholeAcceptsNewConnectionsAndNeverAnswers() throws IOException {
        proxy.blackhole();
        try (Socket s = connect()) {
            send(s, "anyone?");
            assertSilent(s);
            assertThat(proxy.bytesToServer()).isZero();
            proxy.passThrough();
            assertThat(receive(s, 7)).isEqualTo("anyone?");
        }
    }

    @Test
    void blackholeOfOneDirectionLetsRequestsThroughAndHoldsTheAnswers() throws IOException {
        try (Socket s = connect()) {
            assertThat(echoed(s, "before")).isEqualTo("before");
            proxy.blackhole(TcpFaultProxy.Direction.TO_CLIENT);
            send(s, "request");
            // The server got it (and echoed it): the answer is what is held.
            await().atMost(Duration.ofSeconds(10)).until(() -> proxy.bytesToServer() == 13);
            assertSilent(s);
            proxy.passThrough();
            assertThat(receive(s, 7)).isEqualTo("request");
        }
    }

    @Test
    void resetSendsRstToBothEndsOfLiveConnections() throws IOException {
        try (Socket s = connect()) {
            assertThat(echoed(s, "up")).isEqualTo("up");
            proxy.reset();
            assertThatThrownBy(() -> echoed(s, "down")).isInstanceOf(SocketException.class);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> echo.endedByReset.get() == 1);
        assertThat(echo.endedByEof).hasValue(0);
        assertThat(proxy.resets()).isEqualTo(1);
        assertThat(proxy.liveConnections()).isZero();
    }

    @Test
    void resetRefusesNewConnectionsUntilHealed() throws IOException {
        proxy.reset();
        try (Socket s = connect()) {
            assertThatThrownBy(() -> {
                        send(s, "hi");
                        int read = s.getInputStream().read();
                        // Depending on timing the RST surfaces on write, on read, or as an end of stream.
                        if (read == -1) {
                            throw new SocketException("end of stream");
                        }
                    })
                    .isInstanceOf(SocketException.class);
        }
        proxy.passThrough();
        try (Socket s = connect()) {
            assertThat(echoed(s, "healed")).isEqualTo("healed");
        }
    }

    @Test
    void halfOpenTowardsTheServerEndsItsSessionWhileTheClientHearsNothing() throws IOException {
        try (Socket s = connect()) {
            assertThat(echoed(s, "ping")).isEqualTo("ping");
            proxy.halfOpen(TcpFaultProxy.Direction.TO_SERVER);
            await().atMost(Duration.ofSeconds(10)).until(() -> echo.endedByEof.get() == 1);
            send(s, "lost");
            assertSilent(s);
            // Healing lets the server's end of stream through at last.
            proxy.passThrough();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void halfOpenTowardsTheClientEndsItsStreamWhileTheServerSessionStaysOpen() throws IOException {
        try (Socket s = connect()) {
            assertThat(echoed(s, "ping")).isEqualTo("ping");
            proxy.halfOpen(TcpFaultProxy.Direction.TO_CLIENT);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
            assertThat(echo.openSessions()).isEqualTo(1);
            assertThat(echo.endedByEof).hasValue(0);
            assertThat(echo.endedByReset).hasValue(0);
        }
    }

    @Test
    void closeClosesEverySocketAndThePort() throws IOException {
        Socket a = connect();
        Socket b = connect();
        try (a;
                b) {
            assertThat(echoed(a, "a")).isEqualTo("a");
            assertThat(echoed(b, "b")).isEqualTo("b");
            assertThat(proxy.liveConnections()).isEqualTo(2);
            int port = proxy.port();
            proxy.close();
            assertThat(proxy.liveConnections()).isZero();
            InputStream in = a.getInputStream();
            assertThat(in.read()).isEqualTo(-1);
            await().atMost(Duration.ofSeconds(10)).until(() -> echo.openSessions() == 0);
            assertThatThrownBy(() -> new Socket(proxy.host(), port).close()).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void refusesBadSettings() {
        assertThatThrownBy(() -> proxy.latency(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> proxy.bandwidth(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TcpFaultProxy.start("127.0.0.1", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
