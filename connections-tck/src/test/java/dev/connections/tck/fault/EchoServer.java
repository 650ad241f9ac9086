package dev.connections.tck.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny loopback echo server for the proxy's tests: counts sessions that ended cleanly and by a reset. */
final class EchoServer implements AutoCloseable {
    private final ServerSocket listener;
    private final Set<Socket> sessions = ConcurrentHashMap.newKeySet();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger endedByEof = new AtomicInteger();
    final AtomicInteger endedByReset = new AtomicInteger();

    EchoServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "echo-accept");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    int openSessions() {
        return sessions.size();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                accepted.incrementAndGet();
                sessions.add(s);
                Thread t = new Thread(() -> echo(s), "echo-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void echo(Socket s) {
        byte[] buffer = new byte[8192];
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            endedByEof.incrementAndGet();
        } catch (SocketException e) {
            endedByReset.incrementAndGet();
        } catch (IOException e) {
            endedByReset.incrementAndGet();
        } finally {
            sessions.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket s : sessions) {
            s.close();
        }
    }
}
