package io.fleetglance.hub.fleet;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches the fleet's liveness: a host whose agent sent nothing for {@code [fleet] offline_after_periods} of its
 * periods (3 by default) gets a HOST_DOWN event, which closes when its samples come back.
 */
public final class FleetWatch implements AutoCloseable {

    private final HostRegistry registry;
    private final int silentPeriods;
    private final Clock clock;
    private final FleetSize size;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetglance-fleet-watch");
        t.setDaemon(true);
        return t;
    });

    public FleetWatch(HostRegistry registry, int silentPeriods, Clock clock) {
        this(registry, silentPeriods, clock, null);
    }

    /** @param size where the fleet's size is recorded every ten seconds, or null */
    public FleetWatch(HostRegistry registry, int silentPeriods, Clock clock, FleetSize size) {
        this.registry = registry;
        this.silentPeriods = silentPeriods;
        this.clock = clock;
        this.size = size;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::check, 250, 250, TimeUnit.MILLISECONDS);
        if (size != null) {
            timer.scheduleWithFixedDelay(() -> size.record(registry.hosts().size()), 0, 10, TimeUnit.SECONDS);
        }
    }

    void check() {
        long now = clock.millis();
        for (Host host : registry.hosts()) {
            // a host another hub streams is watched by that hub, which writes its events
            if (host.lastSeenMillis() > 0 && !host.followedElsewhere() && !host.down()
                    && Liveness.of(host, now, silentPeriods) == Liveness.OFFLINE) {
                host.markDown((now - host.lastSeenMillis()) / 1000, Instant.ofEpochMilli(now));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
