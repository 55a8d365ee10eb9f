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
    private volatile String localHostName;
    private final NameBindings bindings;

    /** A registry whose name bindings last as long as the process. */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock) {
        this(catalogue, config, historySize, clock, NameBindings.inMemory());
    }

    /** @param bindings which credential each host name is bound to */
    public HostRegistry(PluginCatalogue catalogue, GlancesConfig config, int historySize, Clock clock,
            NameBindings bindings) {
        this.bindings = bindings;
        this.catalogue = catalogue;
        this.config = config;
        this.historySize = historySize;
        this.clock = clock;
    }

    public PluginCatalogue catalogue() {
        return catalogue;
    }

    /** As {@link #attach(Hello, AgentLink, boolean)} for a claim allowed to enroll (the hub's own agent, tests). */
    public Host attach(Hello hello, AgentLink link) throws NameConflictException {
        return attach(hello, link, true);
    }

    /**
     * Gives the Hello's host name to its agent for this stream. A name bound to a credential streams only with that
     * credential, live or offline (a newer stream of its owner replaces the older one). A free name is bound to the
     * Hello's credential when {@code mayEnroll} (the enrollment token was shown). Refusals say the same whether the
     * name's holder is live or not, and nothing about it.
     *
     * <p>A Hello without a credential (the hub's in-process callers only: ingest refuses it) binds nothing and is
     * refused a name a live stream of another agent id holds.
     */
    public synchronized Host attach(Hello hello, AgentLink link, boolean mayEnroll) throws NameConflictException {
        String name = hello.getHostName();
        String presented = hello.getCredential().isEmpty() ? null : CredentialHash.of(hello.getCredential());
        java.util.Optional<String> bound = bindings.credential(name);
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
            host = null;
        }
        if (!owner && presented != null) {
            bindings.bind(name, presented);
            log.info("host name '{}' enrolled: bound to its agent's credential", name);
        }
        if (host == null) {
            host = new Host(name, hello.getAgentId(), catalogue, historySize, config, eventListeners);
            hosts.put(name, host);
        }
        host.attach(hello, link);
        return host;
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
        if (wasBound || host != null) {
            log.info("host name '{}' released by the operator", name);
        }
        return wasBound || host != null;
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
