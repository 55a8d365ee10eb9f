package io.fleetglance.top;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks the hub, on its own thread, at the host's sample period (or {@code --refresh}): the fleet list every time,
 * and the shown host's {@code /all}, {@code /all/views} and extended process. The keys' POSTs are queued here so
 * the screen never waits for the network. A failure is kept in the feed and retried at the next turn.
 */
final class Poller implements AutoCloseable {

    private static final double DEFAULT_PERIOD = 2;
    private static final double MAX_RETRY = 2;

    private final HubClient hub;
    private final ObjectMapper mapper;
    private final double refreshOverride;
    private final Clock clock;
    private final Runnable onUpdate;
    private final AtomicReference<Feed> feed = new AtomicReference<>(Feed.EMPTY);
    private final Queue<HostPost> posts = new ConcurrentLinkedQueue<>();
    private final Object wakeup = new Object();
    private final Thread thread;
    private volatile HostTarget target;
    private volatile boolean wantExtended;
    private volatile boolean running = true;
    private boolean woken;
    private HubClient direct;

    /** A POST for one host's API (events clearing, extended stats), done before the next fetch. */
    record HostPost(HostTarget host, String path) {
    }

    Poller(HubClient hub, ObjectMapper mapper, double refreshOverride, Clock clock, Runnable onUpdate) {
        this.hub = hub;
        this.mapper = mapper;
        this.refreshOverride = refreshOverride;
        this.clock = clock;
        this.onUpdate = onUpdate;
        this.thread = new Thread(this::loop, "fleetglance-top-poller");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Feed feed() {
        return feed.get();
    }

    /** Shows another host (null: the fleet browser only); fetched at once. */
    void show(HostTarget host) {
        target = host;
        if (host == null || (feed.get().host() != null && !feed.get().host().equals(host))) {
            feed.updateAndGet(f -> f.withStats(host, null));
        }
        wake();
    }

    void extended(boolean on) {
        wantExtended = on;
    }

    void post(HostTarget host, String path) {
        posts.add(new HostPost(host, path));
        wake();
    }

    void wake() {
        synchronized (wakeup) {
            woken = true;
            wakeup.notifyAll();
        }
    }

    /** Seconds between two fetches: {@code --refresh}, else the host's own sample period, else Glances' 2 s. */
    double period() {
        if (refreshOverride > 0) {
            return refreshOverride;
        }
        HostStats stats = feed.get().stats();
        double p = stats == null ? Double.NaN : stats.periodSeconds();
        return Double.isNaN(p) ? DEFAULT_PERIOD : Math.max(0.5, Math.min(60, Math.round(p * 2) / 2.0));
    }

    private void loop() {
        while (running) {
            boolean ok = fetchOnce();
            onUpdate.run();
            double wait = ok ? period() : Math.min(period(), MAX_RETRY);
            synchronized (wakeup) {
                long deadline = System.nanoTime() + (long) (wait * 1e9);
                while (running && !woken) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    try {
                        wakeup.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** One round of questions; false when the hub or the host did not answer. */
    boolean fetchOnce() {
        HostTarget host = target;
        try {
            HostPost post;
            while ((post = posts.poll()) != null) {
                clientFor(post.host()).post(post.host().apiPath() + post.path());
            }
            JsonNode servers = hub.get("api/4/serverslist");
            feed.updateAndGet(f -> f.withServers(servers));
            if (host != null) {
                HubClient client = clientFor(host);
                JsonNode all = client.get(host.apiPath() + "all");
                JsonNode views = client.get(host.apiPath() + "all/views");
                JsonNode extended = wantExtended ? client.get(host.apiPath() + "processes/extended") : null;
                if (host.equals(target)) {
                    feed.updateAndGet(f -> f.withStats(host, new HostStats(all, views, extended)));
                }
            }
            feed.updateAndGet(Feed::ok);
            return true;
        } catch (HubClient.HubAnswerException e) {
            String where = host == null ? "hub " + hub.base() : "host " + host.name();
            feed.updateAndGet(f -> f.failing(where + " answered " + e.status() + ": " + e.getMessage(),
                    clock.instant()));
            return false;
        } catch (IOException e) {
            feed.updateAndGet(f -> f.failing(e.getMessage(), clock.instant()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return false;
        }
    }

    private HubClient clientFor(HostTarget host) {
        if (host.directBase() == null) {
            return hub;
        }
        URI base = host.directBase();
        if (direct == null || !direct.base().equals(base)) {
            direct = new HubClient(base, "glances", null, null, mapper, Duration.ofSeconds(5));
        }
        return direct;
    }

    @Override
    public void close() {
        running = false;
        wake();
    }
}
