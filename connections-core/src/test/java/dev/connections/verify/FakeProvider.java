package dev.connections.verify;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider API played by the JDK's HTTP server on loopback: one path per behaviour a check must
 * handle, and a record of what each request carried (headers, query) so placement can be asserted.
 */
final class FakeProvider implements AutoCloseable {
    /** A received request: its path, raw query and headers (lower-cased names). */
    record Received(String path, String query, Map<String, List<String>> headers) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch stallReached = new CountDownLatch(1);
    final AtomicLong hugeBytesWritten = new AtomicLong();

    FakeProvider(String echoedKey) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), List.copyOf(v)));
            String query = exchange.getRequestURI().getRawQuery();
            received.add(new Received(path, query == null ? "" : query, headers));
            try {
                respond(exchange, path.substring(path.lastIndexOf('/') + 1), echoedKey);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    private void respond(HttpExchange exchange, String behaviour, String echoedKey) throws IOException {
        switch (behaviour) {
            case "ok", "getMe", "ok.json" -> send(exchange, 200, "{\"id\":\"user-1\"}");
            case "unauthorized" -> send(
                    exchange,
                    401,
                    "{\"error\":{\"message\":\"Incorrect API key provided: " + echoedKey + ". Masked: sk-****"
                            + echoedKey.substring(echoedKey.length() - 4) + ".\"}}");
            case "forbidden" -> send(exchange, 403, "{\"message\":\"This key lacks the read scope\"}");
            case "ratelimited" -> send(exchange, 429, "{\"message\":\"Slow down\"}");
            case "broken" -> send(exchange, 500, "<html>oops</html>");
            case "missing" -> send(exchange, 404, "{}");
            case "redirect" -> {
                exchange.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
                exchange.sendResponseHeaders(302, -1);
            }
            case "stall" -> {
                stallReached.countDown();
                await();
            }
            case "stallbody" -> {
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write("{\"id\":".getBytes(StandardCharsets.UTF_8));
                exchange.getResponseBody().flush();
                await();
            }
            case "huge" -> {
                exchange.sendResponseHeaders(200, 50L * 1024 * 1024);
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = exchange.getResponseBody()) {
                    for (long sent = 0; sent < 50L * 1024 * 1024; sent += chunk.length) {
                        out.write(chunk);
                        hugeBytesWritten.addAndGet(chunk.length);
                    }
                } catch (IOException clientHungUp) {
                    // Expected: the check reads only the start and closes the connection.
                }
            }
            default -> send(exchange, 200, "{}");
        }
    }

    private void await() {
        try {
            release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
