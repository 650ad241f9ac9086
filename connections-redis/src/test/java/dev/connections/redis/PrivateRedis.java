package dev.connections.redis;

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
 * A redis-server process of the test's own on a free loopback port, so a test may SIGKILL and restart its
 * broker without touching the machine's shared Redis. Skipped when no {@code redis-server} binary is found.
 */
final class PrivateRedis implements AutoCloseable {
    private static final String BINARY = "redis-server";

    private final Path binary;
    private final int port;
    private final Path dir;
    private @Nullable Process process;

    private PrivateRedis(Path binary, int port, Path dir) {
        this.binary = binary;
        this.port = port;
        this.dir = dir;
    }

    /** Starts one; skips the test (with the reason) when the binary is not on this machine. */
    static PrivateRedis start() throws IOException, InterruptedException {
        Optional<Path> found = onPath(BINARY);
        Assumptions.assumeTrue(
                found.isPresent(), "Skipped: no " + BINARY + " on PATH, /usr/sbin or /usr/local/bin to restart");
        PrivateRedis redis = new PrivateRedis(found.get(), freePort(), Files.createTempDirectory("connections-redis"));
        redis.startAgain();
        return redis;
    }

    /** The URL of this server. */
    String url() {
        return "redis://127.0.0.1:" + port;
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
                fail("redis-server did not end after SIGKILL");
            }
            process = null;
        }
    }

    /** Starts the server on the same port (nothing persisted) and waits until it accepts connections. */
    void startAgain() throws IOException, InterruptedException {
        process = new ProcessBuilder(
                        binary.toString(),
                        "--port",
                        Integer.toString(port),
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--dir",
                        dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        awaitListening(process, port, dir.resolve("redis.log"));
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
