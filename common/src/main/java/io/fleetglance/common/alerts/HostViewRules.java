package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Decorations of the plugins that describe the machine as a whole: cpu, load, memory, swap and quicklook. */
public final class HostViewRules {

    /** The quicklook stats Glances can show and decorate. */
    static final List<String> QUICKLOOK_AVAILABLE = List.of("cpu", "mem", "swap", "load", "gpu_mem", "gpu_proc");
    static final List<String> QUICKLOOK_DEFAULT = List.of("cpu", "mem", "load");

    private HostViewRules() {
    }

    /**
     * user, system, iowait, dpc and total are logged (CPU_USER… events unless {@code <field>_log=False}); steal is
     * alerted; ctx_switches is compared per 100 cores, only once an interval exists.
     */
    public static void cpu(PluginViews views, PluginAlerts alerts) {
        JsonNode stats = views.stats();
        for (String key : List.of("user", "system", "iowait", "dpc", "total")) {
            if (stats.has(key)) {
                views.decorate(key, alerts.alertLog(stats.get(key), 100, key));
            }
        }
        if (stats.has("steal")) {
            views.decorate("steal", alerts.alert(stats.get("steal"), "steal"));
        }
        if (stats.path("time_since_update").asDouble(0) != 0 && stats.has("ctx_switches") && stats.has("cpucore")) {
            views.decorate("ctx_switches", alerts.alert(stats.get("ctx_switches"),
                    100 * stats.get("cpucore").asLong(), "ctx_switches"));
        }
    }

    /**
     * Load is judged per core: min15 (logged, LOAD events) and min5 against {@code [load]} as a fraction of
     * {@code cpucore}. min5 goes last, so the global message follows the 5-minute load.
     */
    public static void load(PluginViews views, PluginAlerts alerts) {
        JsonNode stats = views.stats();
        if (!stats.has("min15") || !stats.has("min5") || !stats.has("cpucore")) {
            return;
        }
        long perCore = 100 * stats.get("cpucore").asLong();
        views.decorate("min15", alerts.alertLog(stats.get("min15"), perCore, null));
        views.decorate("min5", alerts.alert(stats.get("min5"), perCore, null));
    }

    /** mem and memswap: {@code percent} is the logged used/total ratio (MEM, MEMSWAP events); no swap is DEFAULT. */
    public static void memory(PluginViews views, PluginAlerts alerts) {
        JsonNode stats = views.stats();
        if (stats.has("used") && stats.has("total")) {
            views.decorate("percent", alerts.alertLog(stats.get("used"), stats.get("total"), null));
        }
    }

    /** The configured quicklook list (default cpu,mem,load) against {@code quicklook_<key>_*}, then load again. */
    public static void quicklook(PluginViews views, PluginAlerts alerts) {
        List<String> shown = quicklookList(alerts.limits());
        JsonNode stats = views.stats();
        for (String key : shown) {
            if (stats.has(key)) {
                views.decorate(key, alerts.alert(stats.get(key), key));
            }
        }
        if (stats.has("load")) {
            views.decorate("load", alerts.alert(stats.get("load"), "load"));
        }
        ArrayNode list = views.node().putArray("list");
        shown.forEach(list::add);
    }

    /** {@code [quicklook] list}; Glances shows every available stat when the list names one it does not know. */
    static List<String> quicklookList(Limits limits) {
        if (limits.get("quicklook_list").isEmpty()) {
            return QUICKLOOK_DEFAULT;
        }
        List<String> configured = limits.list("list").orElse(List.of());
        return QUICKLOOK_AVAILABLE.containsAll(configured) && !configured.isEmpty() ? configured : QUICKLOOK_AVAILABLE;
    }
}
