package io.fleetglance.hub.fleet;

import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.hub.store.GroupCommit;
import io.fleetglance.hub.store.HubStore;
import io.fleetglance.hub.store.SharedStore;
import io.fleetglance.hub.store.StoreException;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.hub.store.StoredHost;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Sample;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    private final NameBindings bindings;
    /** This hub's place among the hubs sharing its store; null for a hub alone. */
    private volatile SharedFleet shared;

    /** A registry that keeps nothing across restarts (benchmarks of the fleet alone). */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock) {
        this(catalogue, config, historySize, clock, null, Integer.MAX_VALUE, NameBindings.inMemory());
    }

    /**
     * A registry backed by a store: every host the store holds is back, offline until its agent returns.
     *
     * @param store    where hosts and their samples are made durable; null to keep them in memory only
     * @param maxHosts how many host names the registry holds at most; a new name beyond it is refused
     * @param bindings which credential each host name is bound to
     */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock,
            GroupCommit store, int maxHosts, NameBindings bindings) {
        this.maxHosts = maxHosts;
        this.bindings = bindings;
        this.catalogue = catalogue;
        this.config = config;
        this.historySize = historySize;
        this.clock = clock;
        this.store = store;
        if (store != null) {
            HubStore s = store.store();
            for (StoredHost stored : s.hosts()) {
                Host host = newHost(stored.name(), stored.agentId());
                // the stats and history wait for the host's first use, or for settleAll
                host.restore(stored, () -> s.lastSamples(stored.name()),
                        after -> s.recentHistory(stored.name(), after, historySize));
                hosts.put(stored.name(), host);
            }
            if (!hosts.isEmpty()) {
                log.info("{} hosts back from {}; their stats and history load in the background", hosts.size(),
                        s.location());
            }
        }
    }

    /**
     * Loads the stats and history of every host restored from the store that nobody used yet, on every core: what a
     * hub runs in the background once it serves, so that the fleet page soon has every host without the first
     * requests waiting for all of them.
     */
    public void settleAll() {
        long t0 = System.nanoTime();
        List<Host> all = hosts();
        all.parallelStream().forEach(host -> {
            try {
                host.settle();
            } catch (RuntimeException e) {
                log.warn("host '{}': its stored stats could not be loaded: {}", host.name(), e.toString());
            }
        });
        if (!all.isEmpty()) {
            log.info("the stats and history of {} hosts loaded in {} ms", all.size(),
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private Host newHost(String name, String agentId) {
        return new Host(name, agentId, catalogue, historySize, config, eventListeners, this::recordChanged);
    }

    /** Makes this registry one of several hubs sharing its store (before it serves). */
    public void share(SharedFleet fleet) {
        this.shared = fleet;
    }

    /** This hub's URL among the hubs sharing its store; empty for a hub alone. */
    public Optional<String> sharedUrl() {
        SharedFleet fleet = shared;
        return fleet == null ? Optional.empty() : Optional.of(fleet.url());
    }

    private void recordChanged(Host host) {
        // a host another hub streams is written by that hub only
        if (store != null && hosts.get(host.name()) == host && host.followed() == null) {
            store.submit(new StoreOp.HostUpdate(host.record()), null);
        }
    }

    public PluginCatalogue catalogue() {
        return catalogue;
    }

    /** As {@link #attach(Hello, AgentLink, boolean)} for a claim allowed to enroll (the hub's own agent, tests). */
    public Host attach(Hello hello, AgentLink link) throws NameConflictException, FleetFullException {
        return attach(hello, link, true);
    }

    /**
     * Gives the Hello's host name to its agent for this stream. A name bound to a credential streams only with that
     * credential, live or offline (a newer stream of its owner replaces the older one). A free name is bound to the
     * Hello's credential when {@code mayEnroll} (the enrollment token was shown). Refusals say the same whether the
     * name's holder is live or not, and nothing about it. A name the registry does not hold yet is refused once it
     * holds {@code maxHosts}; a known name is never refused for that.
     *
     * <p>A Hello without a credential (the hub's in-process callers only: ingest refuses it) binds nothing and is
     * refused a name a live stream of another agent id holds.
     */
    public synchronized Host attach(Hello hello, AgentLink link, boolean mayEnroll) throws NameConflictException,
            FleetFullException {
        String name = hello.getHostName();
        String presented = hello.getCredential().isEmpty() ? null : CredentialHash.of(hello.getCredential());
        Optional<String> bound = bindings.credential(name);
        boolean owner = bound.isPresent() && presented != null && CredentialHash.matches(bound.get(), presented);
        if (!owner) {
            if (!mayEnroll) {
                throw new NameConflictException(NameConflictException.Reason.NOT_ENROLLED, name);
            }
            if (bound.isPresent()) {
                throw new NameConflictException(NameConflictException.Reason.BOUND_TO_ANOTHER, name);
            }
        }
        Host host = hosts.get(name);
        SharedFleet fleet = shared;
        if (fleet != null) {
            try {
                if (!fleet.claim(name)) {
                    throw new NameConflictException(NameConflictException.Reason.ELSEWHERE, name);
                }
                host = adoptFromStore(fleet, name, host);
            } catch (StoreException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        boolean sameAgent = owner || (presented == null && host != null
                && host.agentId().equals(hello.getAgentId()));
        if (host != null && !sameAgent) {
            AgentLink old = host.link();
            if (presented == null && old != null) {
                throw new NameConflictException(NameConflictException.Reason.HELD, name);
            }
            if (old != null) {
                old.close("the host name was enrolled by another agent after the operator released it");
            }
            log.info("host name '{}' passes to a newly enrolled agent, with a fresh history", name);
            if (store != null) {
                store.submit(new StoreOp.ForgetHost(name), null);
            }
            host = null;
        }
        if (host == null && !hosts.containsKey(name) && hosts.size() >= maxHosts) {
            throw new FleetFullException(maxHosts);
        }
        if (!owner && presented != null) {
            bindings.bind(name, presented);
            log.info("host name '{}' enrolled: bound to its agent's credential", name);
        }
        if (host == null) {
            host = newHost(name, hello.getAgentId());
            hosts.put(name, host);
        }
        host.attach(hello, link);
        if (store != null) {
            store.submit(new StoreOp.HostUpdate(host.record()), null);
        }
        return host;
    }

    /**
     * The host as the shared store has it, when another hub streamed it since this one last did (or never did): so that
     * this hub goes on from the durable seq, counters and events the other hub left.
     */
    private Host adoptFromStore(SharedFleet fleet, String name, Host host) throws StoreException {
        SharedStore st = fleet.store();
        Optional<StoredHost> stored = st.host(name);
        if (stored.isEmpty()) {
            if (host != null && host.followed() != null) {
                hosts.remove(name); // forgotten by another hub meanwhile
                return null;
            }
            return host;
        }
        StoredHost s = stored.get();
        if (host != null && host.followed() == null && s.agentId().equals(host.agentId())
                && s.lastSeq() <= host.lastSeq()) {
            return host; // this hub wrote it last: what it has is the newest
        }
        st.adopt(name);
        Host adopted = newHost(name, s.agentId());
        adopted.restore(s, () -> st.lastSamples(name), after -> st.recentHistory(name, after, historySize));
        hosts.put(name, adopted);
        log.info("host '{}' moves to this hub from another of the fleet, at seq {}", name, s.lastSeq());
        return adopted;
    }

    /**
     * Brings the hosts that other hubs sharing the store stream (or streamed) up to date with what the store holds:
     * each is read again when its record changed, and its stats and new history points load on its next use. Hosts
     * streamed here are left alone; a host the store no longer has, and that no stream here holds, leaves.
     *
     * @param leases host name → the URL of the hub that streams it
     * @param ownUrl this hub's URL
     */
    void follow(List<StoredHost> stored, Map<String, String> leases, String ownUrl) {
        HubStore st = shared == null ? null : shared.store();
        if (st == null) {
            return;
        }
        Set<String> inStore = new HashSet<>();
        synchronized (this) {
            for (StoredHost s : stored) {
                String name = s.name();
                inStore.add(name);
                Host host = hosts.get(name);
                if (host != null && host.link() != null) {
                    continue; // streamed here
                }
                String version = s.agentId() + '/' + s.lastSeq() + '/' + s.lastSeenMillis() + '/'
                        + (s.eventsJson() == null ? 0 : s.eventsJson().hashCode());
                String servedBy = ownUrl.equals(leases.get(name)) ? null : leases.get(name);
                if (host == null || !host.agentId().equals(s.agentId())) {
                    if (host == null && hosts.size() >= maxHosts) {
                        continue;
                    }
                    host = newHost(name, s.agentId());
                    hosts.put(name, host);
                } else if (host.followed() == null && s.lastSeq() <= host.lastSeq()) {
                    continue; // this hub streamed it last: nobody wrote it since
                }
                if (!version.equals(host.followed())) {
                    host.follow(s, version, () -> st.lastSamples(name), after -> st.recentHistory(name, after,
                            historySize));
                }
                host.servedBy(servedBy);
            }
            hosts.values().removeIf(h -> h.followed() != null && h.link() == null && !inStore.contains(h.name()));
        }
    }

    /** The seq up to which a host's samples are durable (all handled ones when nothing is stored). */
    public long durableSeq(Host host) {
        return store == null ? host.lastSeq() : host.durableSeq();
    }

    /**
     * Frees {@code name} for the next agent that enrolls it, as an operator asks: its binding is dropped, its live
     * stream (if any) ended and the host forgotten. False when the hub knew neither the name nor a binding for it.
     */
    public synchronized boolean release(String name) {
        boolean wasBound = bindings.release(name);
        Host host = hosts.remove(name);
        if (host != null && host.link() != null) {
            host.link().close("the operator released this host name");
        }
        if (host != null && store != null) {
            store.submit(new StoreOp.ForgetHost(name), null);
        }
        if (wasBound || host != null) {
            log.info("host name '{}' released by the operator", name);
        }
        return wasBound || host != null;
    }

    public void detach(Host host, AgentLink link) {
        host.detach(link);
        SharedFleet fleet = shared;
        if (fleet != null && host.link() == null) {
            // the lease goes once what the stream brought is durable, so the next hub resumes after it
            afterDurable(() -> {
                synchronized (this) {
                    if (host.link() == null && hosts.get(host.name()) == host) {
                        fleet.release(host.name());
                    }
                }
            });
        }
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
        return ingest(host, sample, sample, onDurable);
    }

    /** As {@link #ingest(Host, Sample, Runnable)}, {@code wire} being the sample as the agent sent it (a delta). */
    public boolean ingest(Host host, Sample sample, Sample wire, Runnable onDurable) {
        long epoch = host.seqEpoch();
        StoreOp.HostSample write = host.ingest(sample, wire, clock.millis());
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
     * Forgets a host whose agent is not connected: it leaves the fleet, its name is released, and its record and
     * history leave the store (durably, before this returns).
     */
    public Forget forget(String name) throws InterruptedException {
        CountDownLatch durable = new CountDownLatch(1);
        synchronized (this) {
            Host host = hosts.get(name);
            if (host == null) {
                return Forget.UNKNOWN;
            }
            if (host.link() != null || host.servedBy() != null) {
                return Forget.LIVE;
            }
            hosts.remove(name);
            // forgetting a host frees its name too: the next agent that enrolls it gets it
            bindings.release(name);
            if (store == null) {
                return Forget.FORGOTTEN;
            }
            store.submit(new StoreOp.ForgetHost(name), durable::countDown);
        }
        if (!durable.await(30, TimeUnit.SECONDS)) {
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
