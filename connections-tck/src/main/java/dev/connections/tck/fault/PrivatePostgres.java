package dev.connections.tck.fault;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own (initdb and pg_ctl on a free port, as the {@code postgres} user when the
 * test runs as root), so a test may SIGKILL its backends or its whole postmaster, or open more backends than a
 * shared server allows, without disturbing that server. Needs the server binaries: {@value #BIN_VARIABLE}, e.g.
 * {@code /usr/lib/postgresql/15/bin}. The cluster trusts local connections and runs without fsync: test data only.
 *
 * <pre>{@code
 * try (PrivatePostgres pg = PrivatePostgres.start(50)) {
 *     DataSource ds = ...pg.url()...;
 *     pg.killEverything();   // as a crash of the whole server would
 *     pg.startServer();      // recovers and accepts connections again
 * }
 * }</pre>
 */
public final class PrivatePostgres implements AutoCloseable {
    /** The environment variable naming the directory of {@code initdb} and {@code pg_ctl}. */
    public static final String BIN_VARIABLE = "CONNECTIONS_TEST_POSTGRES_BIN";

    private final Path bin;
    private final Path dir;
    private final Path data;
    private final int port;
    private final int maxConnections;
    private final boolean asPostgresUser;

    private PrivatePostgres(Path bin, Path dir, int port, int maxConnections) {
        this.bin = bin;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.port = port;
        this.maxConnections = maxConnections;
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
    }

    /** Whether {@value #BIN_VARIABLE} names the binaries, so {@link #start(int)} can run. */
    public static boolean available() {
        String binDir = System.getenv(BIN_VARIABLE);
        return binDir != null && !binDir.isBlank();
    }

    /**
     * Creates and starts a cluster accepting at most {@code maxConnections} backends (PostgreSQL's {@code
     * max_connections}); the binaries come from {@value #BIN_VARIABLE}.
     */
    public static PrivatePostgres start(int maxConnections) throws IOException, InterruptedException {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        if (!available()) {
            throw new IllegalStateException(BIN_VARIABLE + " is not set");
        }
        Path dir = Files.createTempDirectory("connections-pg-");
        PrivatePostgres pg = new PrivatePostgres(Path.of(System.getenv(BIN_VARIABLE)), dir, freePort(), maxConnections);
        if (pg.asPostgresUser) {
            UserPrincipal postgres =
                    dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            Files.setOwner(dir, postgres);
        }
        pg.run(Duration.ofMinutes(2), "initdb", "-D", pg.data.toString(), "-A", "trust", "-U", "postgres", "--no-sync");
        pg.startServer();
        return pg;
    }

    /** Starts the postmaster (again, after a kill) and waits until it accepts connections. */
    public void startServer() throws IOException, InterruptedException {
        run(
                Duration.ofMinutes(2),
                "pg_ctl",
                "-D",
                data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections="
                        + maxConnections,
                "start");
    }

    /** The JDBC URL of the cluster's {@code postgres} database. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    /** The port the postmaster listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The postmaster's pid, from its pid file. */
    public long postmasterPid() throws IOException {
        return Long.parseLong(
                Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
    }

    /** SIGKILL to the postmaster and every process under it, as when its whole process group is killed. */
    public void killEverything() throws IOException {
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElseThrow();
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster);
        postmaster.descendants().forEach(all::add);
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : all) {
            p.onExit().join();
        }
    }

    private void run(Duration timeout, String program, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(program + ".out").toFile())
                .start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(program + " failed: " + Files.readString(dir.resolve(program + ".out")));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops the cluster at once and deletes its files. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            run(Duration.ofMinutes(1), "pg_ctl", "-D", data.toString(), "-m", "immediate", "stop");
        } catch (IllegalStateException e) {
            // Not running (killed and not restarted): nothing to stop.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
