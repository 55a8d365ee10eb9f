package io.fleetglance.hub.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code [fleet] forget_after}: forgets hosts whose agent has been gone that long (never, by default). */
public final class HostEviction implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostEviction.class);

    private final HostRegistry registry;
    private final Optional<Duration> after;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetglance-host-eviction");
        t.setDaemon(true);
        return t;
    });

    public HostEviction(HostRegistry registry, Optional<Duration> after, Clock clock) {
        this.registry = registry;
        this.after = after;
        this.clock = clock;
    }

    public HostEviction start() {
        if (after.isPresent()) {
            long everyMs = Math.max(1000, Math.min(60_000, after.get().toMillis() / 4));
            timer.scheduleWithFixedDelay(this::check, everyMs, everyMs, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    void check() {
        long limit = clock.millis() - after.orElseThrow().toMillis();
        for (Host host : registry.hosts()) {
            if (host.link() == null && host.lastSeenMillis() > 0 && host.lastSeenMillis() < limit) {
                try {
                    if (registry.forget(host.name()) == HostRegistry.Forget.FORGOTTEN) {
                        log.info("host '{}' silent for more than {} ([fleet] forget_after): forgotten", host.name(),
                                after.get());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
