package io.fleetglance.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A Glances REST server stand-in on 127.0.0.1 for tests: answers the paths it was given with JSON, others with
 * Glances' 404, and records every request (path as sent, Authorization header).
 */
public final class TestGlancesServer implements AutoCloseable {

    /** One request as received. */
    public record Request(String rawPath, String authorization) {
    }

    private final HttpServer server;
    /** A canned answer: its content type and body. */
    private record Body(String type, byte[] bytes) {
    }

    private final Map<String, Body> answers = new ConcurrentHashMap<>();
    private final Map<String, Body> prefixes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int forcedStatus;
    private volatile CountDownLatch gate;

    public TestGlancesServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-glances-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        answer("/api/4/status", "{\"version\": \"4.5.6_dev01\"}");
        server.start();
    }

    /** A server that answers like Glances with cpu total 12.5 (OK_LOG), mem percent 40.0 (CAREFUL), a system name
     * (DEFAULT) and a load min5 without views. */
    public static TestGlancesServer likeGlances() throws IOException {
        TestGlancesServer s = new TestGlancesServer();
        s.answer("/api/4/cpu/total", "{\"total\": 12.5}");
        s.answer("/api/4/cpu/total/views", view("OK_LOG"));
        s.answer("/api/4/mem/percent", "{\"percent\": 40.0}");
        s.answer("/api/4/mem/percent/views", view("CAREFUL"));
        s.answer("/api/4/system/hr_name", "{\"hr_name\": \"Debian GNU/Linux 12 64bit / Linux 6.1.0\"}");
        s.answer("/api/4/system/hr_name/views", view("DEFAULT"));
        s.answer("/api/4/load/min5", "{\"min5\": 0.4755859375}");
        return s;
    }

    public static String view(String decoration) {
        return "{\"decoration\": \"" + decoration + "\", \"optional\": false, \"additional\": false, "
                + "\"splittable\": false, \"hidden\": false}";
    }

    /** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
    public static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public TestGlancesServer answer(String path, String json) {
        return serve(path, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers {@code path} with these bytes of this content type. */
    public TestGlancesServer serve(String path, String contentType, byte[] body) {
        answers.put(path, new Body(contentType, body));
        return this;
    }

    /** Answers every path under {@code prefix} (when no exact answer is set) with this JSON. */
    public TestGlancesServer answerUnder(String prefix, byte[] json) {
        prefixes.put(prefix, new Body("application/json", json));
        return this;
    }

    /** Answers every request with this status and Glances' error body (0: normal answers again). */
    public void forceStatus(int status) {
        forcedStatus = status;
    }

    /** Holds every request until {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.add(new Request(ex.getRequestURI().getRawPath(), ex.getRequestHeaders().getFirst("Authorization")));
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String path = ex.getRequestURI().getPath();
        Body body = answers.get(path);
        if (body == null) {
            body = prefixes.entrySet().stream().filter(e -> path.startsWith(e.getKey())).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        int status = forcedStatus != 0 ? forcedStatus : body == null ? 404 : 200;
        if (status != 200) {
            body = new Body("application/json", "{\"detail\": \"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = body.bytes();
        ex.getResponseHeaders().set("Content-Type", body.type());
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
