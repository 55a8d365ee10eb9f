package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.catalogue.PluginCatalogue;
import io.fleetglance.common.catalogue.PluginSpec;
import io.fleetglance.common.catalogue.Shape;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.events.EventChange;
import io.fleetglance.common.events.EventsList;
import io.fleetglance.common.events.EventsSettings;
import io.fleetglance.common.events.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Thresholds, views and events of one host: after each derived sample it evaluates every plugin's stats against the
 * host's limits, as Glances' {@code update_views} does, keeps the views, and feeds the host's events list. One
 * instance per host; its methods are synchronized, so the ingest thread can update while requests read.
 */
public final class HostAlerts {

    private static final Map<String, Set<String>> HIDE_ZERO_FIELDS = Map.of(
            "network", Set.of("bytes_recv_rate_per_sec", "bytes_sent_rate_per_sec"),
            "diskio", Set.of("read_bytes_rate_per_sec", "write_bytes_rate_per_sec"));

    private final GlancesConfig config;
    private final PluginCatalogue catalogue;
    private final ThresholdStates thresholds = new ThresholdStates();
    private final EventsList events;
    private int logicalCpus;
    private GlancesConfig effective;
    /** Each plugin's limits, by catalogue position. */
    private Limits[] limits;
    /**
     * Each plugin's views from the last update, by catalogue position; {@code present} says which plugins had stats.
     * A plugin whose views are built on first read (see {@link #builtOnRead}) has null views until someone reads
     * them; its stats wait in {@link #unbuilt}. Arrays, not maps: a hub updates thousands of hosts' views in turn,
     * each from memory no cache holds, and each hop costs.
     */
    private final ObjectNode[] views;
    private final boolean[] present;
    private final List<Supplier<JsonNode>> unbuilt;

    /**
     * @param config      the fleet's configuration file (or the shipped one), already validated
     * @param catalogue   the plugins
     * @param logicalCpus the host's logical CPU count as far as known (1 until a sample says); later samples
     *                    update it from {@code core.log} or {@code cpu.cpucore}
     */
    public HostAlerts(GlancesConfig config, PluginCatalogue catalogue, int logicalCpus) {
        this.config = config;
        this.catalogue = catalogue;
        int plugins = catalogue.plugins().size();
        this.views = new ObjectNode[plugins];
        this.present = new boolean[plugins];
        this.unbuilt = new ArrayList<>(Collections.nCopies(plugins, null));
        this.events = new EventsList(EventsSettings.of(config));
        useCpus(Math.max(1, logicalCpus));
    }

    private void useCpus(int cpus) {
        logicalCpus = cpus;
        Effective shared = Effective.of(config, cpus);
        effective = shared.config();
        List<PluginSpec> plugins = catalogue.plugins();
        Limits[] byPlugin = new Limits[plugins.size()];
        for (int i = 0; i < byPlugin.length; i++) {
            byPlugin[i] = shared.limits(plugins.get(i).name());
        }
        limits = byPlugin;
    }

    /**
     * A configuration with Glances' defaults for one CPU count, and its plugins' limits. Both are immutable (the
     * limits remember the stats they resolved), so the hosts of one count share them: one copy for a fleet, not one per
     * host, and the stats resolved once for all.
     */
    private record Effective(GlancesConfig config, Map<String, Limits> byPlugin) {

        // CPU counts are the agents' word: past this many distinct ones per configuration, hosts get their own
        private static final int MAX_SHARED_COUNTS = 64;
        private static final Map<GlancesConfig, Map<Integer, Effective>> SHARED =
                Collections.synchronizedMap(new WeakHashMap<>());

        static Effective of(GlancesConfig config, int cpus) {
            Map<Integer, Effective> byCount = SHARED.computeIfAbsent(config, c -> new ConcurrentHashMap<>());
            Effective known = byCount.get(cpus);
            if (known != null) {
                return known;
            }
            Effective made = new Effective(config.withGlancesDefaults(cpus), new ConcurrentHashMap<>());
            if (byCount.size() >= MAX_SHARED_COUNTS) {
                return made;
            }
            Effective raced = byCount.putIfAbsent(cpus, made);
            return raced != null ? raced : made;
        }

        Limits limits(String plugin) {
            return byPlugin.computeIfAbsent(plugin, p -> Limits.of(p, config));
        }
    }

    /**
     * Evaluates one sample's stats: builds the views of every plugin present (in catalogue order, which is the order
     * Glances updates its plugins in) and feeds the events list.
     *
     * @param stats plugin name to Glances stats, as {@code HostDeriver.derive} returns them
     * @param now   when the sample was taken; events record it in whole seconds
     */
    public synchronized void update(Map<String, JsonNode> stats, Instant now) {
        int cpus = cpusOf(stats);
        if (cpus > 0 && cpus != logicalCpus) {
            useCpus(cpus);
        }
        Supplier<List<JsonNode>> processes = new Supplier<>() {
            private List<JsonNode> list;

            @Override
            public List<JsonNode> get() {
                if (list == null) {
                    list = processes(stats.get("processlist"));
                }
                return list;
            }
        };
        PluginAlerts.EventLog log = (state, type, value) ->
                events.add(state, type, value, now, processes, thresholds.globalMessage());
        List<PluginSpec> plugins = catalogue.plugins();
        for (int i = 0; i < views.length; i++) {
            PluginSpec plugin = plugins.get(i);
            ObjectNode previous = views[i];
            present[i] = stats.containsKey(plugin.name());
            views[i] = null;
            unbuilt.set(i, null);
            if (!present[i]) {
                continue;
            }
            if (builtOnRead(plugin)) {
                // nor are their stats read now (get would build them): the process and program lists are built
                // when first read too
                unbuilt.set(i, () -> stats.get(plugin.name()));
                continue;
            }
            PluginViews built = PluginViews.base(plugin, stats.get(plugin.name()), previous, hideZero(plugin));
            ViewRules.of(plugin).apply(built, new PluginAlerts(limits[i], thresholds, log));
            views[i] = built.node();
        }
    }

    /**
     * Whether a plugin's views can wait until someone reads them: they depend on its stats alone (no thresholds, so
     * no events, and no hide_zero state carried from one update to the next). That holds for the list and text
     * plugins without rules of their own, among them the process and program lists, whose views (a map per process)
     * would otherwise be built for every sample of every host and mostly never read.
     */
    private boolean builtOnRead(PluginSpec plugin) {
        return plugin.shape() != Shape.DICT && ViewRules.of(plugin) == ViewRules.GENERIC
                && !hideZero(plugin).enabled();
    }

    /** A plugin's views from the last update, built now if they waited; null when the plugin had no stats. */
    private ObjectNode viewsOf(String plugin) {
        int i = catalogue.position(plugin);
        return i < 0 ? null : viewsOf(i);
    }

    private ObjectNode viewsOf(int i) {
        if (!present[i]) {
            return null;
        }
        if (views[i] == null) {
            PluginSpec spec = catalogue.plugins().get(i);
            views[i] = PluginViews.base(spec, unbuilt.get(i).get(), null, PluginViews.HideZero.OFF).node();
            unbuilt.set(i, null);
        }
        return views[i];
    }

    private PluginViews.HideZero hideZero(PluginSpec plugin) {
        Set<String> fields = HIDE_ZERO_FIELDS.get(plugin.name());
        if (fields == null || !effective.getBoolean(plugin.name(), "hide_zero", false)) {
            return PluginViews.HideZero.OFF;
        }
        return new PluginViews.HideZero(true, effective.getInt(plugin.name(), "hide_threshold_bytes", 0), fields);
    }

    private static int cpusOf(Map<String, JsonNode> stats) {
        for (JsonNode count : new JsonNode[] {
                path(stats, "core", "log"), path(stats, "cpu", "cpucore"), path(stats, "load", "cpucore")}) {
            if (count != null && count.canConvertToInt() && count.asInt() > 0) {
                return count.asInt();
            }
        }
        return 0;
    }

    private static JsonNode path(Map<String, JsonNode> stats, String plugin, String field) {
        JsonNode node = stats.get(plugin);
        return node == null ? null : node.get(field);
    }

    private static List<JsonNode> processes(JsonNode processlist) {
        List<JsonNode> out = new ArrayList<>();
        if (processlist != null && processlist.isArray()) {
            processlist.forEach(out::add);
        }
        return out;
    }

    /**
     * Reads a plugin's views without copying them ({@code {}} when it had none): for answers written straight to
     * JSON and for decoration lookups, which must not modify what they are given.
     */
    public synchronized <T> T readViews(String plugin, Function<JsonNode, T> reader) {
        ObjectNode node = viewsOf(plugin);
        return reader.apply(node == null ? JsonNodeFactory.instance.objectNode() : node);
    }

    /** Reads every plugin's views ({@code /all/views}) without copying them; the reader must not modify them. */
    public synchronized <T> T readAllViews(Function<ObjectNode, T> reader) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < views.length; i++) {
            if (present[i]) {
                all.set(catalogue.plugins().get(i).name(), viewsOf(i));
            }
        }
        return reader.apply(all);
    }

    /** A plugin's views from the last update, {@code {}} when it had none (a copy, free to modify). */
    public synchronized JsonNode views(String plugin) {
        ObjectNode node = viewsOf(plugin);
        return node == null ? JsonNodeFactory.instance.objectNode() : node.deepCopy();
    }

    /** Every plugin's views from the last update ({@code /all/views}), plugin order as in the catalogue. */
    public synchronized ObjectNode allViews() {
        return readAllViews(ObjectNode::deepCopy);
    }

    /** A plugin's limits ({@code /{plugin}/limits}). */
    public synchronized Limits limits(String plugin) {
        int i = catalogue.position(plugin);
        return i >= 0 ? limits[i] : Limits.of(plugin, effective);
    }

    /** The limits of the given plugins ({@code /all/limits} serves the enabled ones), in the order given. */
    public synchronized ObjectNode allLimits(Collection<String> plugins) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        plugins.forEach(plugin -> all.set(plugin, limits(plugin).toJson()));
        return all;
    }

    /** The events as {@code /alert} serves them, newest first. */
    public synchronized ArrayNode events() {
        return events.toJson();
    }

    /** The events' transitions since the last call (see {@link EventsList#takeChanges()}). */
    public synchronized List<EventChange> takeEventChanges() {
        return events.takeChanges();
    }

    /** Moves whenever the events list changes (see {@link EventsList#version()}). */
    public synchronized long eventsVersion() {
        return events.version();
    }

    /** Replaces the events by those kept in a store ({@code /alert}'s JSON). */
    public synchronized void restoreEvents(JsonNode json) {
        events.restore(json);
    }

    /**
     * An event that no threshold raises but the fleet observes, such as {@code HOST_DOWN}: WARNING or CRITICAL opens
     * (or escalates) it, OK closes it, with the events list's usual min_duration and min_interval rules.
     */
    public synchronized void observe(Level state, String type, double value, Instant now) {
        events.add(state, type, value, now, List::of, thresholds.globalMessage());
    }

    /** {@code /events/clear/warning} ({@code critical=false}) and {@code /events/clear/all} ({@code true}). */
    public synchronized void clearEvents(boolean critical) {
        events.clean(critical);
    }

    /** The process sort key events chose (or the configured one): what the process list should be sorted by now. */
    public synchronized String processSortKey() {
        return events.processSortKey();
    }

    /** Sets the process sort key as a user would; {@code auto} lets events choose again. */
    public synchronized void setProcessSortKey(String key) {
        events.setProcessSortKey(key);
    }

    /** Glances' display-only colours (processes, CPUs, folders, ports) under this host's limits. */
    public synchronized DisplayAlerts display() {
        Map<String, Limits> byName = new LinkedHashMap<>();
        for (int i = 0; i < limits.length; i++) {
            byName.put(catalogue.plugins().get(i).name(), limits[i]);
        }
        return new DisplayAlerts(byName);
    }

    /** The configuration with Glances' defaults for this host's CPU count: what {@code /config} serves. */
    public synchronized GlancesConfig effectiveConfig() {
        return effective;
    }

    /** The level each stat last reached and the global alert message. */
    public synchronized String globalMessage() {
        return thresholds.globalMessage();
    }
}
