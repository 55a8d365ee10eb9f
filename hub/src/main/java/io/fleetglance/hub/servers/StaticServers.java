package io.fleetglance.hub.servers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.fleet.Liveness;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code [serverlist]} REST servers, each polled in the background as Glances' browser polls them (§3.2): one
 * worker per server asks {@code /api/4/status} (any HTTP answer is ONLINE, no connection is OFFLINE), then each column
 * and its {@code /views}, with 3 s timeouts, once per refresh period. Readers get the latest poll from memory at once.
 */
public final class StaticServers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StaticServers.class);
    /** Glances' {@code requests.get(..., timeout=3)}. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** How many recent values of each numeric column are kept for the fleet page's sparklines. */
    public static final int RECENT_POINTS = 30;
    /** The most of one answer that is read: a column value or a view is a few bytes. */
    private static final int MAX_BODY = 1 << 20;

    /**
     * What the latest poll of one server found.
     *
     * @param values         column name to value, for the columns the server answered (none unless ONLINE)
     * @param decorations    column name to its view's decoration, for the columns that have one
     * @param lastSeenMillis when the server last answered, 0 for never
     * @param recent         column name to its last numeric values, oldest first
     */
    public record Poll(Liveness status, Map<String, JsonNode> values, Map<String, String> decorations,
            long lastSeenMillis, Map<String, List<Double>> recent) {
        static final Poll FIRST = new Poll(Liveness.UNKNOWN, Map.of(), Map.of(), 0, Map.of());
    }

    /** A server and its latest poll. */
    public record Entry(StaticServer server, Poll poll) {
    }

    private final List<Worker> workers;
    private final List<ServerColumn> columns;
    private final ServerPasswords passwords;
    private final Duration period;
    private final Clock clock;
    private final HttpClient client;
    private final ObjectMapper mapper = new ObjectMapper();
    private volatile boolean closed;

    public StaticServers(List<StaticServer> servers, List<ServerColumn> columns, ServerPasswords passwords,
            Duration period, Clock clock) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("the serverlist refresh period must be positive, got " + period);
        }
        this.columns = List.copyOf(columns);
        this.passwords = passwords;
        this.period = period;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        List<Worker> list = new ArrayList<>();
        for (StaticServer s : servers) {
            list.add(new Worker(s));
        }
        this.workers = List.copyOf(list);
    }

    /**
     * The servers of {@code [serverlist]} with its columns and {@code [passwords]}, polled every {@code [global]
     * refresh} seconds (Glances' default 2).
     */
    public static StaticServers fromConfig(GlancesConfig config) {
        double refresh = config.getDouble("global", "refresh", 2);
        if (!(refresh > 0) || refresh > 3600) {
            throw new IllegalArgumentException(config.source() + ": [global] refresh must be a number of seconds "
                    + "above 0 and at most 3600, got " + refresh);
        }
        return new StaticServers(StaticServerList.read(config), ServerColumn.of(config), ServerPasswords.of(config),
                Duration.ofMillis(Math.max(1, Math.round(refresh * 1000))), Clock.systemUTC());
    }

    /** No static servers. */
    public static StaticServers none() {
        return new StaticServers(List.of(), List.of(), ServerPasswords.none(), Duration.ofSeconds(2),
                Clock.systemUTC());
    }

    /** Starts one background worker per server. */
    public StaticServers start() {
        for (Worker w : workers) {
            w.thread.start();
        }
        if (!workers.isEmpty()) {
            log.info("polling {} static Glances server(s) every {} ms", workers.size(), period.toMillis());
        }
        return this;
    }

    /** Every server with its latest poll, in configuration order; never waits for a poll. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(workers.size());
        for (Worker w : workers) {
            out.add(new Entry(w.server, w.latest));
        }
        return out;
    }

    public List<ServerColumn> columns() {
        return columns;
    }

    @Override
    public void close() {
        closed = true;
        workers.forEach(w -> w.thread.interrupt());
        for (Worker w : workers) {
            try {
                w.thread.join(TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One server's poller: at most one poll in flight, the next one a period after the previous one started. */
    private final class Worker implements Runnable {
        private final StaticServer server;
        private final Thread thread;
        private final Map<String, ArrayDeque<Double>> recent = new LinkedHashMap<>();
        private volatile Poll latest = Poll.FIRST;

        Worker(StaticServer server) {
            this.server = server;
            this.thread = new Thread(this, "serverlist-" + server.key());
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (!closed) {
                long started = System.nanoTime();
                try {
                    Poll poll = poll();
                    if (poll.status() != latest.status()) {
                        log.info("static server {} is {}", server.key(), poll.status());
                    }
                    latest = poll;
                    long left = period.toNanos() - (System.nanoTime() - started);
                    if (left > 0) {
                        Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("static server {}: poll failed: {}", server.key(), e.toString());
                    try {
                        Thread.sleep(period.toMillis());
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }

        private Poll poll() throws InterruptedException {
            String root = server.apiRoot();
            try {
                get(root + "status").body().close();
            } catch (IOException e) {
                return new Poll(Liveness.OFFLINE, Map.of(), Map.of(), latest.lastSeenMillis(), snapshotRecent());
            }
            long seen = clock.millis();
            Map<String, JsonNode> values = new LinkedHashMap<>();
            Map<String, String> decorations = new LinkedHashMap<>();
            for (ServerColumn c : columns) {
                String path = segment(c.plugin()) + "/" + segment(c.field())
                        + (c.key() == null ? "" : "/" + segment(c.key()));
                json(root + path).filter(j -> j.isObject() && j.has(c.field()))
                        .ifPresent(j -> values.put(c.name(), j.get(c.field())));
                json(root + path + "/views").filter(j -> j.isObject() && j.path("decoration").isTextual())
                        .ifPresent(j -> decorations.put(c.name(), j.get("decoration").asText()));
                JsonNode v = values.get(c.name());
                if (v != null && v.isNumber()) {
                    ArrayDeque<Double> ring = recent.computeIfAbsent(c.name(), k -> new ArrayDeque<>());
                    ring.addLast(v.asDouble());
                    while (ring.size() > RECENT_POINTS) {
                        ring.removeFirst();
                    }
                }
            }
            return new Poll(Liveness.ONLINE, Collections.unmodifiableMap(values),
                    Collections.unmodifiableMap(decorations), seen, snapshotRecent());
        }

        private Map<String, List<Double>> snapshotRecent() {
            Map<String, List<Double>> out = new LinkedHashMap<>();
            recent.forEach((k, ring) -> out.put(k, List.copyOf(ring)));
            return Collections.unmodifiableMap(out);
        }

        /** The JSON answer of a 2xx, else empty: a column the server cannot answer is simply left out. */
        private Optional<JsonNode> json(String url) throws InterruptedException {
            try {
                HttpResponse<InputStream> r = get(url);
                try (InputStream in = r.body()) {
                    if (r.statusCode() / 100 != 2) {
                        return Optional.empty();
                    }
                    return Optional.ofNullable(mapper.readTree(in.readNBytes(MAX_BODY)));
                }
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        private HttpResponse<InputStream> get(String url) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET()
                    .header("Accept", "application/json");
            passwords.forServer(server.name()).ifPresent(p -> b.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(("glances:" + p).getBytes(StandardCharsets.UTF_8))));
            return client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        }
    }

    /** One URL path segment, percent-encoded (UTF-8) except for RFC 3986's unreserved characters. */
    static String segment(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
