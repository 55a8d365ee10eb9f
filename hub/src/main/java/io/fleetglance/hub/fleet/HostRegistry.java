package io.fleetglance.hub.fleet;

import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Sample;
import io.fleetglance.hub.store.GroupCommit;
import io.fleetglance.hub.store.HubStore;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.hub.store.StoredHost;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every host the hub knows, by name; which one is the hub's own machine; who wants to hear about samples. */
public final class HostRegistry {

    private static final Logger log = LoggerFactory.getLogger(HostRegistry.class);

    private final PluginCatalogue catalogue;
    private final GlancesConfig config;
    private final List<EventListener> eventListeners = new CopyOnWriteArrayList<>();
    private final int historySize;
    private final Clock clock;
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
    private final List<SampleListener> listeners = new CopyOnWriteArrayList<>();
    private final int maxHosts;
    private volatile String localHostName;
    /** Where hosts and their samples are made durable; null for a registry that lives in memory only. */
    private final GroupCommit store;

    /** A registry that keeps nothing across restarts (benchmarks of the fleet alone). */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock) {
        this(catalogue, config, historySize, clock, null, Integer.MAX_VALUE);
    }

    /**
     * A registry backed by a store: every host the store holds is back, offline until its agent returns.
     *
     * @param store    where hosts and their samples are made durable; null to keep them in memory only
     * @param maxHosts how many host names the registry holds at most; a new name beyond it is refused
     */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock,
            GroupCommit store, int maxHosts) {
        this.maxHosts = maxHosts;
        this.catalogue = catalogue;
        this.config = config;
        this.historySize = historySize;
        this.clock = clock;
        this.store = store;
        if (store != null) {
            HubStore s = store.store();
            for (StoredHost stored : s.hosts()) {
                Host host = newHost(stored.name(), stored.agentId());
                host.restore(stored, s.lastSamples(stored.name()), s.recentHistory(stored.name(), historySize));
                hosts.put(stored.name(), host);
            }
            if (!hosts.isEmpty()) {
                log.info("{} hosts restored from {}", hosts.size(), s.location());
            }
        }
    }

    private Host newHost(String name, String agentId) {
        return new Host(name, agentId, catalogue, historySize, config, eventListeners, this::recordChanged);
    }

    private void recordChanged(Host host) {
        if (store != null && hosts.get(host.name()) == host) {
            store.submit(new StoreOp.HostUpdate(host.record()), null);
        }
    }

    public PluginCatalogue catalogue() {
        return catalogue;
    }

    /**
     * Gives the Hello's host name to its agent for this stream. A name held by a live stream of another agent id is
     * refused; a name whose holder is gone passes to the newcomer, with a fresh history. A name the registry does not
     * hold yet is refused once it holds {@code maxHosts}; a known name is never refused for that.
     */
    public synchronized Host attach(Hello hello, AgentLink link) throws NameConflictException, FleetFullException {
        String name = hello.getHostName();
        Host host = hosts.get(name);
        if (host != null && !host.agentId().equals(hello.getAgentId())) {
            if (host.link() != null) {
                throw new NameConflictException(name, host.agentId(), hello.getAgentId());
            }
            log.info("host name '{}' passes from agent {} (gone) to agent {}", name, host.agentId(),
                    hello.getAgentId());
            if (store != null) {
                store.submit(new StoreOp.ForgetHost(name), null);
            }
            host = null;
        }
        if (host == null) {
            if (!hosts.containsKey(name) && hosts.size() >= maxHosts) {
                throw new FleetFullException(maxHosts);
            }
            host = newHost(name, hello.getAgentId());
            hosts.put(name, host);
        }
        host.attach(hello, link);
        if (store != null) {
            store.submit(new StoreOp.HostUpdate(host.record()), null);
        }
        return host;
    }

    /** The seq up to which a host's samples are durable (all handled ones when nothing is stored). */
    public long durableSeq(Host host) {
        return store == null ? host.lastSeq() : host.durableSeq();
    }

    public void detach(Host host, AgentLink link) {
        host.detach(link);
    }

    /** Hands a sample to its host and tells the listeners; false when its seq was already handled. */
    public boolean ingest(Host host, Sample sample) {
        return ingest(host, sample, null);
    }

    /**
     * Hands a sample to its host and tells the listeners; runs {@code onDurable} once the sample (or, for a seq
     * already handled, everything before it) is in the store. False when its seq was already handled.
     */
    public boolean ingest(Host host, Sample sample, Runnable onDurable) {
        long epoch = host.seqEpoch();
        StoreOp.HostSample write = host.ingest(sample, clock.millis());
        if (write != null) {
            for (SampleListener l : listeners) {
                l.onSample(host, sample);
            }
        }
        if (store != null) {
            Runnable acked = onDurable;
            if (write != null) {
                long seq = write.seq();
                acked = () -> {
                    host.markDurable(seq, epoch);
                    if (onDurable != null) {
                        onDurable.run();
                    }
                };
            }
            store.submit(write, acked);
        } else if (onDurable != null) {
            onDurable.run();
        }
        return write != null;
    }

    /** Runs {@code then} once everything handed to the store so far is durable (at once without a store). */
    public void afterDurable(Runnable then) {
        if (store != null) {
            store.submit(null, then);
        } else {
            then.run();
        }
    }

    /** The store that keeps the fleet's history tiers, when there is one. */
    public Optional<HubStore> historyStore() {
        return store == null ? Optional.empty() : Optional.of(store.store());
    }

    /** What {@link #forget} did. */
    public enum Forget { FORGOTTEN, UNKNOWN, LIVE }

    /**
     * Forgets a host whose agent is not connected: it leaves the fleet, and its record and history leave the store
     * (durably, before this returns).
     */
    public Forget forget(String name) throws InterruptedException {
        java.util.concurrent.CountDownLatch durable = new java.util.concurrent.CountDownLatch(1);
        synchronized (this) {
            Host host = hosts.get(name);
            if (host == null) {
                return Forget.UNKNOWN;
            }
            if (host.link() != null) {
                return Forget.LIVE;
            }
            hosts.remove(name);
            if (store == null) {
                return Forget.FORGOTTEN;
            }
            store.submit(new StoreOp.ForgetHost(name), durable::countDown);
        }
        if (!durable.await(30, java.util.concurrent.TimeUnit.SECONDS)) {
            log.warn("host '{}' left the fleet, but the store has not removed it yet: {}", name, store.failure());
        }
        log.info("host '{}' forgotten", name);
        return Forget.FORGOTTEN;
    }

    public Optional<Host> find(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    public List<Host> hosts() {
        return new ArrayList<>(hosts.values());
    }

    /** The hub's own machine, served at the root {@code /api/4}; null when the hub runs without a local agent. */
    public Optional<Host> local() {
        String n = localHostName;
        return n == null ? Optional.empty() : find(n);
    }

    public void setLocalHostName(String name) {
        this.localHostName = name;
    }

    public String localHostName() {
        return localHostName;
    }

    public void addSampleListener(SampleListener listener) {
        listeners.add(listener);
    }

    /** Hears every host's event transitions (webhooks, actions). */
    public void addEventListener(EventListener listener) {
        eventListeners.add(listener);
    }

    /** The fleet's glances.conf (the user's file, or Glances' shipped one). */
    public GlancesConfig config() {
        return config;
    }

    public void removeSampleListener(SampleListener listener) {
        listeners.remove(listener);
    }
}
