package dev.connections.nats;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * A nats-server process of the test's own on a free loopback port, so a test may SIGKILL and restart its
 * broker without touching the machine's shared NATS. Skipped when no {@code nats-server} binary is found.
 */
final class PrivateNats implements AutoCloseable {
    private static final String BINARY = "nats-server";

    private final Path binary;
    private final int port;
    private final Path dir;
    private @Nullable Process process;

    private PrivateNats(Path binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /** Starts one; skips the test (with the reason) when the binary is not on this machine. */
    static PrivateNats start() throws IOException, InterruptedException {
        Optional<Path> found = onPath(BINARY);
        Assumptions.assumeTrue(
                found.isPresent(), "Skipped: no " + BINARY + " on PATH, /usr/sbin or /usr/local/bin to restart");
        PrivateNats nats = new PrivateNats(found.get(), freePort(), Files.createTempDirectory("connections-nats"));
        nats.startAgain();
        return nats;
    }

    /** The URL of this server. */
    String url() {
        return "nats://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    /** Ends the process with SIGKILL, as a crash would: no shutdown, no goodbye to clients. */
    void kill() throws InterruptedException {
        Process p = process;
        if (p != null) {
            p.destroyForcibly();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                fail("nats-server did not end after SIGKILL");
            }
            process = null;
        }
    }

    /** Starts the server on the same port (nothing persisted) and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(binary.toString(), "--addr", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nats.log").toFile())
                .start();
        awaitListening(process, port, dir.resolve("nats.log"));
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/local/bin"))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static void awaitListening(Process p, int port, Path log) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("The broker ended at start (exit " + p.exitValue() + "): " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        fail("The broker did not listen on port " + port + " within 10 s: " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}
