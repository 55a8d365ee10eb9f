package io.fleetglance.hub.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.config.GlancesConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a JSON document to every {@code [alert] webhook_N_url} when an event begins, escalates or ends. Delivery runs
 * on its own thread from a bounded queue, with retries and exponential backoff, so a dead receiver never slows ingest:
 * when the queue is full the oldest notice is dropped and counted.
 */
public final class WebhookNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebhookNotifier.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<URI> urls;
    private final int attempts;
    private final Duration firstDelay;
    private final Duration timeout;
    private final BlockingQueue<ObjectNode> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final HttpClient client;
    private final Thread worker;
    private volatile boolean running = true;

    public WebhookNotifier(List<URI> urls, int attempts, Duration firstDelay, Duration timeout, int capacity) {
        this.urls = List.copyOf(urls);
        this.attempts = Math.max(1, attempts);
        this.firstDelay = firstDelay;
        this.timeout = timeout;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.worker = new Thread(this::deliverLoop, "fleetglance-webhooks");
        this.worker.setDaemon(true);
        if (!this.urls.isEmpty()) {
            worker.start();
        }
    }

    /**
     * The receivers of {@code [alert] webhook_1_url}, {@code webhook_2_url}, …; {@code webhook_retries} (default 5
     * attempts), {@code webhook_timeout} seconds (default 5) and {@code webhook_queue} (default 1000) tune delivery.
     */
    public static WebhookNotifier fromConfig(GlancesConfig config) {
        List<URI> urls = new ArrayList<>();
        for (int i = 1; i <= 255; i++) {
            String url = config.get("alert", "webhook_" + i + "_url").orElse(null);
            if (url == null) {
                continue;
            }
            URI uri = URI.create(url.trim());
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(config.source() + ": [alert] webhook_" + i + "_url=" + url
                        + " is not an http(s) URL");
            }
            urls.add(uri);
        }
        int attempts = (int) config.getDouble("alert", "webhook_retries", 5);
        double timeout = config.getDouble("alert", "webhook_timeout", 5);
        int capacity = (int) config.getDouble("alert", "webhook_queue", 1000);
        return new WebhookNotifier(urls, attempts, Duration.ofMillis(500), Duration.ofMillis((long) (timeout * 1000)),
                capacity);
    }

    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Queues a notice; never blocks. */
    public void send(ObjectNode notice) {
        if (urls.isEmpty() || !running) {
            return;
        }
        while (!queue.offer(notice)) {
            if (queue.poll() != null) {
                dropped.incrementAndGet();
            }
        }
    }

    public long dropped() {
        return dropped.get();
    }

    public long delivered() {
        return delivered.get();
    }

    public long failed() {
        return failed.get();
    }

    private void deliverLoop() {
        while (running) {
            ObjectNode notice;
            try {
                notice = queue.poll(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (notice == null) {
                continue;
            }
            byte[] body;
            try {
                body = MAPPER.writeValueAsBytes(notice);
            } catch (Exception e) {
                continue;
            }
            for (URI url : urls) {
                deliver(url, body);
            }
        }
    }

    private void deliver(URI url, byte[] body) {
        long delay = firstDelay.toMillis();
        String last = null;
        for (int attempt = 1; attempt <= attempts && running; attempt++) {
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "fleetglance-hub")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    delivered.incrementAndGet();
                    return;
                }
                last = "HTTP " + r.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                last = e.toString();
            }
            if (attempt < attempts) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    return;
                }
                delay = Math.min(delay * 2, 30_000);
            }
        }
        failed.incrementAndGet();
        log.warn("webhook {} failed after {} attempts: {}", url, attempts, last);
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
    }
}
