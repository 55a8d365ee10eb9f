package io.fleetglance.hub.fleet;

import io.fleetglance.hub.store.SharedStore;
import io.fleetglance.hub.store.StoreException;
import io.fleetglance.hub.store.StoredHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This hub's place in a fleet of hubs that share one store: it holds the lease of each host it streams (taken at the
 * Hello, renewed while the stream lives, given up once the stream's samples are durable), and it follows the hosts the
 * other hubs stream, from the store, so that it serves every host of the fleet.
 */
public final class SharedFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SharedFleet.class);
    /** How long a lease lasts unless renewed: the longest a dead hub keeps its hosts from moving. */
    public static final Duration LEASE = Duration.ofSeconds(10);
    /** How often the hosts other hubs stream are read from the store. */
    public static final Duration FOLLOW_EVERY = Duration.ofSeconds(1);

    private final SharedStore store;
    private final String hubId;
    private final String url;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleetglance-shared-fleet");
        t.setDaemon(true);
        return t;
    });
    private volatile String lastFailure;

    /**
     * @param hubId this hub's id among the hubs (unique per running hub)
     * @param url   the base URL of this hub's REST API, as the others and users reach it
     */
    public SharedFleet(SharedStore store, String hubId, String url) {
        this.store = store;
        this.hubId = hubId;
        this.url = url;
    }

    public SharedStore store() {
        return store;
    }

    public String url() {
        return url;
    }

    /** Starts renewing this hub's leases and following the other hubs' hosts into {@code registry}. */
    public void start(HostRegistry registry) {
        long renew = LEASE.toMillis() / 3;
        timer.scheduleWithFixedDelay(() -> renew(registry), renew, renew, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(() -> follow(registry), 0, FOLLOW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Takes (or renews) the lease of {@code name} for this hub; false when another hub streams it. */
    boolean claim(String name) throws StoreException {
        return store.takeLease(name, hubId, url, LEASE.toMillis());
    }

    /** Gives up the lease of {@code name}: its stream here ended and its samples are durable. */
    void release(String name) {
        try {
            store.dropLease(name, hubId);
        } catch (StoreException e) {
            log.warn("the lease of host '{}' stays until it expires ({} s): {}", name, LEASE.toSeconds(),
                    e.getMessage());
        }
    }

    private void renew(HostRegistry registry) {
        List<Host> live = new ArrayList<>();
        for (Host h : registry.hosts()) {
            if (h.link() != null) {
                live.add(h);
            }
        }
        try {
            Set<String> held = store.renewLeases(hubId, live.stream().map(Host::name).toList(), LEASE.toMillis());
            for (Host h : live) {
                AgentLink link = h.link();
                if (!held.contains(h.name()) && link != null) {
                    // this hub could not renew in time and another took the host over: one stream per host
                    log.warn("host '{}' was taken over by another hub of the fleet: ending its stream here",
                            h.name());
                    link.close("another hub of the fleet streams this host now");
                }
            }
            lastFailure = null;
        } catch (StoreException | RuntimeException e) {
            noteFailure("cannot renew the leases of this hub's hosts: " + e.getMessage());
        }
    }

    private void follow(HostRegistry registry) {
        try {
            Map<String, String> leases = store.leases();
            List<StoredHost> hosts = store.hosts();
            registry.follow(hosts, leases, url);
            lastFailure = null;
        } catch (StoreException | RuntimeException e) {
            noteFailure("cannot read the other hubs' hosts from the store: " + e.getMessage());
        }
    }

    private void noteFailure(String message) {
        if (!message.equals(lastFailure)) {
            log.warn(message);
        }
        lastFailure = message;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
