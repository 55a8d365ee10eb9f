package io.fleetglance.hub.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.alerts.HostAlerts;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.derive.DerivedStats;
import io.fleetglance.common.derive.HostDeriver;
import io.fleetglance.common.events.EventChange;
import io.fleetglance.common.events.Level;
import io.fleetglance.common.history.HistoryPoints;
import io.fleetglance.common.wire.SampleDeltas;
import io.fleetglance.hub.store.StoreOp;
import io.fleetglance.hub.store.StoredHost;
import io.fleetglance.hub.store.StoredPoint;
import io.fleetglance.proto.Command;
import io.fleetglance.proto.ExtendedStatsCommand;
import io.fleetglance.proto.Hello;
import io.fleetglance.proto.Sample;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host of the fleet: its agent's identity and link, the Glances stats derived from its latest sample, and the
 * history of each series. Requests read the published state; only the host's stream writes it.
 */
public final class Host {

    /** What a request sees: the stats of every plugin at one moment, never half-updated. */
    public record State(DerivedStats stats, long seq, long sampleTimeUs,
            ConcurrentHashMap<String, byte[]> rendered) {
        static final State EMPTY = new State(DerivedStats.EMPTY, 0, 0);

        public State(DerivedStats stats, long seq, long sampleTimeUs) {
            this(stats, seq, sampleTimeUs, new ConcurrentHashMap<>());
        }

        /**
         * The JSON of {@code key} (a plugin, or any answer made only of this state), written once per state: every
         * request until the next sample gets the same bytes without serialising the stats again.
         */
        public byte[] rendered(String key, Supplier<byte[]> render) {
            byte[] bytes = rendered.get(key);
            if (bytes == null) {
                bytes = render.get();
                rendered.putIfAbsent(key, bytes);
            }
            return bytes;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Host.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final String agentId;
    private final Consumer<Host> recordChanged;
    private final PluginCatalogue catalogue;
    private final int historySize;
    private final HostDeriver deriver;
    private final HostAlerts alerts;
    private final List<EventListener> eventListeners;
    private boolean down;
    private final Map<String, Map<String, HistoryRing>> history = new LinkedHashMap<>();
    /** The time of the newest history point the rings hold. */
    private long historyUntilUs = Long.MIN_VALUE;
    private volatile State state = State.EMPTY;
    private JsonNode eventsJson;
    private long eventsJsonVersion;
    private volatile Hello hello;
    private volatile AgentLink link;
    private volatile long lastSeenMillis;
    private volatile long droppedSamples;
    private volatile int extendedPid;
    private volatile String remoteAddress = "";
    private final AtomicLong commandIds = new AtomicLong();
    private long lastSeq;
    /** The seq of the last sample handed to the store (0: none since this hub has the host). */
    private long storedSeq;
    /** The deltas handed to the store since its last whole sample. */
    private int storedDeltas;
    /** Written by the store's writer thread without the host's lock, which ingest holds while it derives. */
    private final AtomicLong durableSeq = new AtomicLong();
    /** Counts the agent's lives: bumped when it counts its seqs from 1 again, so an older life's ack is ignored. */
    private volatile long seqEpoch;
    private volatile long missedSamples;
    private final AtomicLong rejectedSamples = new AtomicLong();
    private volatile String credential;
    private String storedEvents = "[]";
    /** The URL of the hub that streams this host now, when another hub sharing the store does. */
    private volatile String servedBy;
    /** What of the store's record this host's state was last read from, while another hub writes it; else null. */
    private volatile String followed;
    /** The latest Hello as the store keeps it (no token), encoded once per stream rather than once per sample. */
    private byte[] storedHello = new byte[0];

    Host(String name, String agentId, PluginCatalogue catalogue, int historySize, GlancesConfig config,
            List<EventListener> eventListeners, Consumer<Host> recordChanged) {
        this.recordChanged = recordChanged;
        this.name = name;
        this.agentId = agentId;
        this.catalogue = catalogue;
        this.historySize = historySize;
        this.deriver = new HostDeriver(catalogue, config);
        this.alerts = new HostAlerts(config, catalogue, 1);
        this.eventListeners = eventListeners;
    }

    /** The 58 entries of Glances' {@code /help} for this host. */
    public JsonNode helpData() {
        return deriver.helpViewData();
    }

    /** This host's thresholds, views and events. */
    public HostAlerts alerts() {
        settle();
        return alerts;
    }

    public String name() {
        return name;
    }

    public String agentId() {
        return agentId;
    }

    /** The credential bound to this host (opaque here; null for none), kept in the store with the host. */
    public String credential() {
        return credential;
    }

    public void setCredential(String newCredential) {
        credential = newCredential;
    }

    public State state() {
        settle();
        return state;
    }

    /** The Hello of the agent's latest session. */
    public Hello hello() {
        return hello;
    }

    /** The agent's stream while it is connected, else null. */
    public AgentLink link() {
        AgentLink l = link;
        return l != null && l.live() ? l : null;
    }

    /** The agent's address as the hub saw it on its latest stream; "" before any. */
    public String remoteAddress() {
        return remoteAddress;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** How many samples the agent reported dropping from its outbox. */
    public long droppedSamples() {
        return droppedSamples;
    }

    synchronized void attach(Hello newHello, AgentLink newLink) {
        followed = null;
        servedBy = null;
        AgentLink old = link;
        if (old != null && old != newLink && old.live()) {
            old.close("replaced by a newer stream of the same agent");
        }
        hello = newHello;
        storedHello = newHello.toBuilder().clearToken().build().toByteArray();
        link = newLink;
        deriver.setAgentVersion(newHello.getAgentVersion());
        remoteAddress = newLink.remoteAddress();
        // An agent that restarted counts its seqs from 1 again: forget ours, or its samples would look old.
        if (newHello.getNextSeq() != 0 && newHello.getNextSeq() <= lastSeq) {
            lastSeq = 0;
            seqEpoch++;
            durableSeq.set(0);
        }
    }

    /** The pid whose extended stats were asked for, 0 for none. */
    public int extendedPid() {
        return extendedPid;
    }

    /**
     * Asks the agent to collect the extended stats of {@code pid} (0 stops it) from its next sample on. Kept, and sent
     * again when the agent reconnects. Returns whether the agent is connected to hear it now.
     */
    public boolean requestExtendedStats(int pid) {
        extendedPid = pid;
        return sendExtendedStats();
    }

    /** Sends the current extended-stats request down the agent's stream, if it is connected. */
    public boolean sendExtendedStats() {
        AgentLink l = link();
        if (l == null) {
            return false;
        }
        return l.send(Command.newBuilder().setId(commandIds.incrementAndGet())
                .setExtendedStats(ExtendedStatsCommand.newBuilder().setPid(extendedPid))
                .build());
    }

    synchronized void detach(AgentLink oldLink) {
        if (link == oldLink) {
            link = null;
        }
    }

    /** Counts a sample that arrived but could not be handled. */
    public void rejectSample() {
        rejectedSamples.incrementAndGet();
    }

    /** Samples that arrived but could not be handled (malformed readings). */
    public long rejectedSamples() {
        return rejectedSamples.get();
    }

    /** Seqs that never arrived (skipped over by a later sample) since this host was first seen. */
    public long missedSamples() {
        return missedSamples;
    }

    /** The highest seq whose sample the store holds. */
    public long durableSeq() {
        return durableSeq.get();
    }

    /** The agent's current life, to hand to {@link #markDurable} with a write of it. */
    long seqEpoch() {
        return seqEpoch;
    }

    void markDurable(long seq, long epoch) {
        // a write of the agent's previous life (before it counted from 1 again) must not move the mark
        if (epoch == seqEpoch) {
            durableSeq.accumulateAndGet(seq, Math::max);
        }
    }

    /** The highest seq handled so far. */
    public synchronized long lastSeq() {
        return lastSeq;
    }

    /**
     * Derives this sample's stats, appends its history points and publishes the new state. A seq already handled is
     * ignored, so a resent sample counts once. Returns what the store must keep of the sample, or null when it was not
     * new.
     */
    public synchronized StoreOp.HostSample ingest(Sample sample, long nowMillis) {
        return ingest(sample, sample, nowMillis);
    }

    /**
     * As {@link #ingest(Sample, long)}, {@code wire} being the sample as its agent sent it: a delta on the sample
     * before it, or {@code sample} itself. The store keeps the delta when it builds on the sample stored just before.
     */
    public synchronized StoreOp.HostSample ingest(Sample sample, Sample wire, long nowMillis) {
        settle();
        lastSeenMillis = nowMillis;
        if (sample.getSeq() <= lastSeq) {
            return null;
        }
        if (lastSeq > 0 && sample.getSeq() > lastSeq + 1) {
            missedSamples += sample.getSeq() - lastSeq - 1;
        }
        lastSeq = sample.getSeq();
        droppedSamples = sample.getDroppedSamples();
        DerivedStats derived = deriver.derive(sample).finishing(FiniteNumbers::replaceNonFinite);
        Instant taken = Instant.ofEpochSecond(0, sample.getWallTimeUs() * 1000);
        long eventsBefore = alerts.eventsVersion();
        // The alert plugin has views too (always {}: its events carry no key), listed in /all/views as Glances does.
        derived = derived.with("alert", events());
        alerts.update(derived, taken);
        if (down) {
            down = false;
            alerts.observe(Level.OK, HOST_DOWN, 0, taken);
        }
        // Events switch the process sort (Glances' auto sort); the next sample is sorted the new way.
        deriver.setProcessSortKey(alerts.processSortKey());
        boolean eventsChanged = alerts.eventsVersion() != eventsBefore;
        derived = derived.with("alert", events());
        announce();
        List<StoreOp.SeriesValue> stored = new ArrayList<>();
        for (String plugin : derived.keySet()) {
            Optional<PluginSpec> spec = catalogue.plugin(plugin);
            if (spec.isEmpty() || spec.get().historyItems().isEmpty()) {
                continue;
            }
            Map<String, JsonNode> points = HistoryPoints.from(spec.get(), derived.get(plugin));
            if (points.isEmpty()) {
                continue;
            }
            Map<String, HistoryRing> series = history.computeIfAbsent(plugin, k -> new LinkedHashMap<>());
            for (Map.Entry<String, JsonNode> p : points.entrySet()) {
                series.computeIfAbsent(p.getKey(), k -> new HistoryRing(historySize))
                        .add(sample.getWallTimeUs(), p.getValue());
                stored.add(new StoreOp.SeriesValue(plugin, p.getKey(), p.getValue()));
            }
        }
        historyUntilUs = Math.max(historyUntilUs, sample.getWallTimeUs());
        state = new State(derived, sample.getSeq(), sample.getWallTimeUs());
        if (eventsChanged) {
            storedEvents = derived.get("alert").toString();
        }
        boolean delta = wire.getBaseSeq() != 0 && wire.getBaseSeq() == storedSeq
                && storedDeltas < StoreOp.MAX_STORED_DELTAS;
        storedDeltas = delta ? storedDeltas + 1 : 0;
        storedSeq = sample.getSeq();
        return new StoreOp.HostSample(record(), sample.getSeq(), sample.getWallTimeUs(), stored,
                delta ? wire::toByteArray : sample::toByteArray, !delta, eventsChanged);
    }

    /** What the store keeps of this host (besides history), as of now. */
    public synchronized StoredHost record() {
        Hello h = hello;
        return new StoredHost(name, agentId, credential, storedHello, h == null ? 0 : h.getSamplePeriodMs(),
                lastSeenMillis, lastSeq, droppedSamples, missedSamples, storedEvents);
    }

    /** What {@link #restore} left for the host's first use: its last raw samples and its history, still in the store. */
    private record Deferred(Supplier<List<byte[]>> lastSamples,
                            LongFunction<Map<String, Map<String, List<StoredPoint>>>> pointsAfter) {
    }

    /** Non-null from {@link #restore} until {@link #settle}. */
    private volatile Deferred deferred;

    /**
     * Takes back what the store kept. The record (identity, credential, counters, last seq, events list) at once; the
     * stats derived again from the last raw samples, their views and the history when the host is first used, or when
     * {@link HostRegistry#settleAll} reaches it: a hub with many hosts serves again without waiting for all of them.
     */
    synchronized void restore(StoredHost stored, Supplier<List<byte[]>> lastSamples,
            LongFunction<Map<String, Map<String, List<StoredPoint>>>> pointsAfter) {
        credential = stored.credential();
        if (stored.hello().length > 0) {
            try {
                hello = Hello.parseFrom(stored.hello());
                storedHello = stored.hello();
                deriver.setAgentVersion(hello.getAgentVersion());
            } catch (IOException e) {
                log.warn("host '{}': its stored Hello cannot be read ({}); it is replaced at the agent's next one", name,
                        e.getMessage());
            }
        }
        lastSeenMillis = stored.lastSeenMillis();
        lastSeq = stored.lastSeq();
        durableSeq.set(lastSeq);
        droppedSamples = stored.droppedSamples();
        missedSamples = stored.missedSamples();
        storedEvents = stored.eventsJson() == null ? "[]" : stored.eventsJson();
        deferred = new Deferred(lastSamples, pointsAfter);
    }

    /**
     * Takes this host's state from the store again, as another hub sharing it wrote it: the record at once, the stats
     * from its last raw samples and the history points after those the rings hold on the next use.
     *
     * @param version what identifies this version of the record, to read it only once
     */
    synchronized void follow(StoredHost stored, String version, Supplier<List<byte[]>> lastSamples,
            LongFunction<Map<String, Map<String, List<StoredPoint>>>> pointsAfter) {
        followed = version;
        restore(stored, lastSamples, pointsAfter);
    }

    /** The version of the store's record this host follows, or null when it is this hub's own (streamed here). */
    String followed() {
        return followed;
    }

    /** Whether another hub sharing the store writes this host: this hub only reads it. */
    public boolean followedElsewhere() {
        return followed != null;
    }

    /** The URL of the hub of the fleet that streams this host now, or null (streamed here, or nowhere). */
    public String servedBy() {
        return servedBy;
    }

    void servedBy(String url) {
        servedBy = url;
    }

    /** Whether what {@link #restore} deferred is in place (always true for a host that was never restored). */
    boolean settled() {
        return deferred == null;
    }

    /**
     * Puts in place what {@link #restore} deferred: the stats derived again from the last raw samples (so that a
     * host whose agent has not come back yet is served as it was, and the next sample has rates), their views, the
     * events list and the history. Every use of those calls it first; a stored sample or events list that cannot be
     * read leaves the host without stats, as a host that never sent any, and says so.
     */
    void settle() {
        if (deferred == null) {
            return;
        }
        synchronized (this) {
            Deferred d = deferred;
            if (d == null) {
                return;
            }
            deferred = null;
            DerivedStats derived = null;
            Sample last = null;
            try {
                for (Sample whole : lastTwo(d.lastSamples().get())) {
                    last = whole;
                    derived = deriver.derive(last);
                }
            } catch (IOException | IllegalArgumentException e) {
                log.warn("host '{}': its last stored sample cannot be read ({}); it has no stats until its agent "
                        + "sends one", name, e.getMessage());
                derived = null;
            }
            if (derived != null) {
                derived = derived.finishing(FiniteNumbers::replaceNonFinite);
                // the views; the events update this adds is replaced by the kept list just below
                alerts.update(derived, Instant.ofEpochSecond(0, last.getWallTimeUs() * 1000));
            }
            try {
                alerts.restoreEvents(JSON.readTree(storedEvents));
            } catch (IOException e) {
                log.warn("host '{}': its stored events cannot be read ({}); its events list starts empty", name,
                        e.getMessage());
            }
            deriver.setProcessSortKey(alerts.processSortKey());
            if (derived != null) {
                state = new State(derived.with("alert", events()), last.getSeq(), last.getWallTimeUs());
            }
            // the points after those the rings hold: all of them at a restart, the new ones for a followed host
            d.pointsAfter().apply(historyUntilUs).forEach((plugin, series) -> series.forEach((item, list) -> {
                HistoryRing ring = history.computeIfAbsent(plugin, k -> new LinkedHashMap<>())
                        .computeIfAbsent(item, k -> new HistoryRing(historySize));
                list.forEach(p -> {
                    ring.add(p.timeUs(), p.value());
                    historyUntilUs = Math.max(historyUntilUs, p.timeUs());
                });
            }));
        }
    }

    /**
     * The last two samples the stored ones give whole (fewer when there are fewer), oldest first: each delta applies
     * to the sample before it; a delta whose base is not there (left from an older chain) cannot be rebuilt, nor can
     * the deltas on it, and is skipped.
     */
    static List<Sample> lastTwo(List<byte[]> stored) throws IOException {
        Sample before = null;
        Sample last = null;
        for (byte[] bytes : stored) {
            Sample s = Sample.parseFrom(bytes);
            Sample whole = s.getBaseSeq() == 0 ? s
                    : last != null && last.getSeq() == s.getBaseSeq() ? SampleDeltas.apply(last, s) : null;
            if (whole != null) {
                before = last;
                last = whole;
            }
        }
        List<Sample> two = new ArrayList<>(2);
        if (before != null) {
            two.add(before);
        }
        if (last != null) {
            two.add(last);
        }
        return two;
    }

    /** The event type of a host whose agent went silent. */
    public static final String HOST_DOWN = "HOST_DOWN";

    /**
     * The fleet saw this host go silent ({@code silentSeconds} without a sample) or come back; a HOST_DOWN event
     * opens, and closes when samples flow again.
     */
    public synchronized void markDown(long silentSeconds, Instant now) {
        settle();
        if (down || state.seq() == 0) {
            return;
        }
        down = true;
        alerts.observe(Level.CRITICAL, HOST_DOWN, silentSeconds, now);
        republishAlerts();
        announce();
    }

    /** Clears events as {@code /events/clear/warning} (false) or {@code /events/clear/all} (true) ask. */
    public synchronized void clearEvents(boolean critical) {
        settle();
        alerts.clearEvents(critical);
        republishAlerts();
    }

    // the events as /alert serves them, rendered again only when the list changed
    private JsonNode events() {
        long version = alerts.eventsVersion();
        if (eventsJson == null || version != eventsJsonVersion) {
            eventsJson = alerts.events();
            eventsJsonVersion = version;
        }
        return eventsJson;
    }

    private void republishAlerts() {
        storedEvents = events().toString();
        recordChanged.accept(this);
        State s = state;
        state = new State(s.stats().with("alert", events()), s.seq(), s.sampleTimeUs());
    }

    // tells the listeners what the last evaluation did to the events (taken even without listeners, so that none
    // piles up)
    private void announce() {
        List<EventChange> changes = alerts.takeEventChanges();
        for (EventChange c : changes) {
            for (EventListener l : eventListeners) {
                l.onEvent(this, c.transition(), c.event(), alerts.globalMessage());
            }
        }
    }

    /** Whether the fleet currently counts this host as down (HOST_DOWN ongoing). */
    public synchronized boolean down() {
        settle();
        return down;
    }

    /** The history series of one plugin, in the order they first appeared: name → the last {@code nb} points. */
    public synchronized Map<String, List<HistoryRing.Point>> history(String plugin, int nb) {
        settle();
        Map<String, HistoryRing> series = history.get(plugin);
        if (series == null) {
            return Map.of();
        }
        Map<String, List<HistoryRing.Point>> out = new LinkedHashMap<>();
        series.forEach((k, ring) -> out.put(k, ring.last(nb)));
        return out;
    }

    /** One history series, or empty when this plugin has no such series. */
    public synchronized Optional<List<HistoryRing.Point>> history(String plugin, String item, int nb) {
        settle();
        Map<String, HistoryRing> series = history.get(plugin);
        HistoryRing ring = series == null ? null : series.get(item);
        return ring == null ? Optional.empty() : Optional.of(ring.last(nb));
    }
}
