package io.fleetglance.hub.fleet;

import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Sample;
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

    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock) {
        this(catalogue, config, historySize, clock, Integer.MAX_VALUE);
    }

    /** @param maxHosts how many host names the registry holds at most; a new name beyond it is refused */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock, int maxHosts) {
        this.maxHosts = maxHosts;
        this.catalogue = catalogue;
        this.config = config;
        this.historySize = historySize;
        this.clock = clock;
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
            host = null;
        }
        if (host == null) {
            if (!hosts.containsKey(name) && hosts.size() >= maxHosts) {
                throw new FleetFullException(maxHosts);
            }
            host = new Host(name, hello.getAgentId(), catalogue, historySize, config, eventListeners);
            hosts.put(name, host);
        }
        host.attach(hello, link);
        return host;
    }

    public void detach(Host host, AgentLink link) {
        host.detach(link);
    }

    /** Hands a sample to its host and tells the listeners; false when its seq was already handled. */
    public boolean ingest(Host host, Sample sample) {
        boolean fresh = host.ingest(sample, clock.millis());
        if (fresh) {
            for (SampleListener l : listeners) {
                l.onSample(host, sample);
            }
        }
        return fresh;
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
