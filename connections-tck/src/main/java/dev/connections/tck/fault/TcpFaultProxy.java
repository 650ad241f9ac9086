package dev.connections.tck.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy between a client (a connection pool) and a server (a database) that misbehaves on demand, the way
 * networks and databases do: added latency, a bandwidth limit, a blackhole, reset connections and half-open
 * connections. Switch modes at any time; a switch applies to live connections and new ones alike.
 *
 * <pre>{@code
 * try (TcpFaultProxy proxy = TcpFaultProxy.start("127.0.0.1", 5432)) {
 *     String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test";
 *     // ... build the pool on url ...
 *     proxy.blackhole();      // the database stops answering
 *     proxy.passThrough();    // heals: held bytes flow again
 * }
 * }</pre>
 *
 * <p>Each accepted connection gets its own connection to the server and two pumping threads (platform
 * threads, daemon), one per direction. {@link #close()} closes the listening socket and every socket it
 * opened or accepted. Thread-safe.
 */
public final class TcpFaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpFaultProxy.class);
    private static final AtomicInteger PROXIES = new AtomicInteger();
    private static final int BUFFER = 16 * 1024;

    /** What the proxy does to the bytes it carries. */
    public enum Mode {
        /** Bytes flow as they come (with any {@link #latency} and {@link #bandwidth} set). */
        PASS_THROUGH,
        /**
         * Nothing flows in either direction: connections are accepted and never answered, and bytes on live
         * connections are held (the sender's buffers fill up, as in a network partition) until the mode changes.
         */
        BLACKHOLE,
        /** Every live connection and every new one is reset (RST to both ends) at once. */
        RESET,
        /**
         * One direction closed ({@link #halfOpen(Direction)}): its receiver sees the end of the stream and the
         * other end sees silence, as when one side died without the other noticing.
         */
        HALF_OPEN
    }

    /** A direction of a proxied connection. */
    public enum Direction {
        /** From the client to the server. */
        TO_SERVER,
        /** From the server to the client. */
        TO_CLIENT
    }

    private final String name;
    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private volatile Mode mode = Mode.PASS_THROUGH;
    private volatile Direction halfOpenClosed = Direction.TO_SERVER;
    /** The one direction a blackhole holds, or null for both. */
    private volatile @Nullable Direction blackholed;

    private volatile long latencyNanos;
    private volatile long bytesPerSecond;
    private volatile boolean closed;

    private TcpFaultProxy(String targetHost, int targetPort) throws IOException {
        this.name = "tcp-fault-proxy-" + PROXIES.incrementAndGet();
        this.target = new InetSocketAddress(targetHost, targetPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy on an ephemeral loopback port that forwards to {@code targetHost:targetPort}, in {@link
     * Mode#PASS_THROUGH}.
     *
     * @throws UncheckedIOException when no port can be bound
     */
    public static TcpFaultProxy start(String targetHost, int targetPort) {
        Objects.requireNonNull(targetHost, "targetHost");
        if (targetPort < 1 || targetPort > 65_535) {
            throw new IllegalArgumentException("Not a TCP port: " + targetPort);
        }
        try {
            return new TcpFaultProxy(targetHost, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open the proxy's port", e);
        }
    }

    /** The loopback address clients connect to. */
    public String host() {
        return listener.getInetAddress().getHostAddress();
    }

    /** The port clients connect to. */
    public int port() {
        return listener.getLocalPort();
    }

    // ---- switching ----------------------------------------------------------------------------------

    /** Heals every fault: bytes flow again (held ones first), without added latency or bandwidth limit. */
    public void passThrough() {
        update(() -> {
            latencyNanos = 0;
            bytesPerSecond = 0;
            mode = Mode.PASS_THROUGH;
        });
    }

    /**
     * Delays every chunk of bytes by {@code delay} in each direction (a round trip therefore takes at least
     * twice as long); {@link Duration#ZERO} removes the delay. Keeps the mode.
     */
    public void latency(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("A latency cannot be negative");
        }
        update(() -> latencyNanos = delay.toNanos());
    }

    /** Limits each direction of each connection to {@code bytesPerSecond}; 0 removes the limit. Keeps the mode. */
    public void bandwidth(long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("A bandwidth cannot be negative");
        }
        update(() -> this.bytesPerSecond = bytesPerSecond);
    }

    /** The server stops answering: see {@link Mode#BLACKHOLE}. {@link #passThrough()} heals. */
    public void blackhole() {
        update(() -> {
            blackholed = null;
            mode = Mode.BLACKHOLE;
        });
    }

    /**
     * Holds the bytes of one direction only; the other flows. {@code blackhole(TO_CLIENT)} lets a request reach
     * the server and holds its answer: with {@link #reset()} afterwards, the answer is lost for good although
     * the server acted on the request (a COMMIT that landed, whose acknowledgement never arrives).
     */
    public void blackhole(Direction held) {
        Objects.requireNonNull(held, "held");
        update(() -> {
            blackholed = held;
            mode = Mode.BLACKHOLE;
        });
    }

    /**
     * Resets every live connection (SO_LINGER 0, then close: an RST to the client and to the server) and every
     * connection accepted until the mode changes.
     */
    public void reset() {
        update(() -> mode = Mode.RESET);
        for (Link link : links) {
            link.reset();
        }
    }

    /**
     * Closes one direction of every live connection and of every new one: the receiver of {@code closed} sees
     * the end of the stream (FIN), and nothing flows the other way either, so the other end sees an open
     * connection that never answers. {@code halfOpen(TO_SERVER)} is a client whose server thinks it gone; the
     * database ends the session while the pool still holds it.
     */
    public void halfOpen(Direction closed) {
        Objects.requireNonNull(closed, "closed");
        update(() -> {
            halfOpenClosed = closed;
            mode = Mode.HALF_OPEN;
        });
        for (Link link : links) {
            link.halfClose(closed);
        }
    }

    /** The current mode. */
    public Mode mode() {
        return mode;
    }

    private void update(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- figures ------------------------------------------------------------------------------------

    /** Connections accepted so far. */
    public long accepted() {
        return accepted.get();
    }

    /** Connections open now (accepted and not yet closed or reset). */
    public int liveConnections() {
        return links.size();
    }

    /** Connections reset so far. */
    public long resets() {
        return resets.get();
    }

    /** Bytes forwarded to the server so far. */
    public long bytesToServer() {
        return bytesToServer.get();
    }

    /** Bytes forwarded to the client so far. */
    public long bytesToClient() {
        return bytesToClient.get();
    }

    @Override
    public String toString() {
        return name + "[" + host() + ":" + port() + " -> " + target.getHostString() + ":" + target.getPort() + ", "
                + mode + ", " + links.size() + " live]";
    }

    /** Stops accepting and closes every socket; pumping threads end. */
    @Override
    public void close() {
        closed = true;
        update(() -> {});
        try {
            listener.close();
        } catch (IOException e) {
            LOG.debug("Closing the proxy's port failed", e);
        }
        for (Link link : links) {
            link.close();
        }
    }

    // ---- plumbing -----------------------------------------------------------------------------------

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("{}: accepting a connection failed", name, e);
                }
                return;
            }
            accepted.incrementAndGet();
            if (mode == Mode.RESET) {
                resets.incrementAndGet();
                abort(client);
                continue;
            }
            // Connecting runs on its own thread so a slow server never holds up the next accept.
            Thread opener = new Thread(() -> open(client), name + "-open");
            opener.setDaemon(true);
            opener.start();
        }
    }

    private void open(Socket client) {
        Socket server = new Socket();
        try {
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            server.connect(target, 10_000);
        } catch (IOException e) {
            LOG.debug("{}: could not reach the server", name, e);
            closeQuietly(server);
            abort(client);
            return;
        }
        Link link = new Link(client, server);
        links.add(link);
        if (closed) {
            link.close();
            return;
        }
        if (mode == Mode.RESET) {
            link.reset();
            return;
        }
        if (mode == Mode.HALF_OPEN) {
            link.halfClose(halfOpenClosed);
        }
        link.start();
    }

    /** One proxied connection: the client's socket, the server's, and a pump per direction. */
    private final class Link {
        private final Socket client;
        private final Socket server;
        private final AtomicInteger pumpsDone = new AtomicInteger();
        private volatile boolean gone;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void start() {
            pump(client, server, Direction.TO_SERVER, bytesToServer);
            pump(server, client, Direction.TO_CLIENT, bytesToClient);
        }

        private void pump(Socket from, Socket to, Direction direction, AtomicLong counter) {
            Thread t = new Thread(() -> run(from, to, direction, counter), name + "-" + direction);
            t.setDaemon(true);
            t.start();
        }

        private void run(Socket from, Socket to, Direction direction, AtomicLong counter) {
            boolean endedCleanly = false;
            try {
                endedCleanly = forward(from.getInputStream(), to, direction, counter);
            } catch (IOException e) {
                LOG.debug("{}: {} ended: {}", name, direction, e.toString());
            } finally {
                // A clean end of one direction leaves the other running, as TCP does; anything else (a reset,
                // a close, the proxy closing) ends the whole connection.
                if (pumpsDone.incrementAndGet() == 2 || !endedCleanly) {
                    close();
                }
            }
        }

        /** Pumps until the sender ends its stream (true) or this connection is gone (false). */
        private boolean forward(InputStream in, Socket to, Direction direction, AtomicLong counter) throws IOException {
            byte[] buffer = new byte[BUFFER];
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer, 0, chunk());
                if (n < 0) {
                    if (!awaitFlow(direction)) {
                        return false;
                    }
                    to.shutdownOutput();
                    return true;
                }
                if (!awaitFlow(direction)) {
                    return false;
                }
                pause(latencyNanos);
                // Paced as written, not as read: a read may have started before the limit was set.
                for (int off = 0; off < n; ) {
                    if (!awaitFlow(direction)) {
                        return false;
                    }
                    long bps = bytesPerSecond;
                    int length = bps > 0 ? (int) Math.min(n - off, Math.max(1, bps / 20)) : n - off;
                    out.write(buffer, off, length);
                    out.flush();
                    counter.addAndGet(length);
                    off += length;
                    if (bps > 0) {
                        pause(length * 1_000_000_000L / bps);
                    }
                }
            }
        }

        /**
         * Waits while bytes in {@code direction} may not flow; false when this connection is gone or the
         * direction was closed by a half-open switch (its bytes are swallowed).
         */
        private boolean awaitFlow(Direction direction) {
            lock.lock();
            try {
                while (true) {
                    if (gone || closed) {
                        return false;
                    }
                    Mode m = mode;
                    if (m == Mode.PASS_THROUGH) {
                        return true;
                    }
                    if (m == Mode.RESET) {
                        return false;
                    }
                    Direction held = blackholed;
                    if (m == Mode.BLACKHOLE && held != null && held != direction) {
                        return true;
                    }
                    // BLACKHOLE holds every byte; HALF_OPEN holds what flows back to the side that still
                    // believes the connection open, and the closed direction is shut already.
                    changed.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                lock.unlock();
            }
        }

        private int chunk() {
            long bps = bytesPerSecond;
            // Small reads under a bandwidth limit too, so a sender feels the limit as back-pressure.
            return bps > 0 ? (int) Math.max(1, Math.min(BUFFER, bps / 20)) : BUFFER;
        }

        /** Waits {@code nanos}, or less if the mode changes to one that stops the flow. */
        private void pause(long nanos) {
            if (nanos <= 0) {
                return;
            }
            long deadline = System.nanoTime() + nanos;
            lock.lock();
            try {
                long left;
                while ((left = deadline - System.nanoTime()) > 0 && !gone && !closed) {
                    changed.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        }

        void halfClose(Direction closedDirection) {
            try {
                if (closedDirection == Direction.TO_SERVER) {
                    server.shutdownOutput();
                } else {
                    client.shutdownOutput();
                }
            } catch (IOException e) {
                LOG.debug("{}: half-closing failed", name, e);
            }
        }

        void reset() {
            if (gone) {
                return;
            }
            resets.incrementAndGet();
            gone = true;
            links.remove(this);
            // Linger 0 on both before closing either: closing one wakes the pumps, whose own close of the
            // other must send an RST too, never a FIN.
            lingerZero(client);
            lingerZero(server);
            closeQuietly(client);
            closeQuietly(server);
            update(() -> {});
        }

        void close() {
            gone = true;
            links.remove(this);
            closeQuietly(client);
            closeQuietly(server);
            update(() -> {});
        }
    }

    /** Closes with SO_LINGER 0, so the peer gets an RST instead of a FIN. */
    private static void abort(Socket socket) {
        lingerZero(socket);
        closeQuietly(socket);
    }

    private static void lingerZero(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed: nothing to reset.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("Closing a socket failed", e);
        }
    }
}
