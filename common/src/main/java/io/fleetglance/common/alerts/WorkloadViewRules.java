package io.fleetglance.common.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.events.Level;
import java.util.HashSet;
import java.util.Set;

/** Decorations of the workload plugins: containers and virtual machines. */
public final class WorkloadViewRules {

    private WorkloadViewRules() {
    }

    /**
     * Per container, Glances' views hold {@code cpu} and {@code mem} only: the CPU total against
     * {@code <name>_cpu_*} else {@code cpu_*}, the memory used without inactive file cache, as a percentage of the
     * limit, against {@code <name>_mem_*} else {@code mem_*}. (Glances looks the per-container keys up under a name
     * that repeats the container name, so they never match; the documented key names are honoured here.) Then
     * {@code show_pod_name} and {@code show_engine_name} say whether pods or several engines are present.
     */
    public static void containers(PluginViews views, PluginAlerts alerts) {
        JsonNode stats = views.stats();
        if (!stats.isArray() || stats.isEmpty()) {
            return;
        }
        String keyField = views.spec().keyField();
        for (JsonNode item : stats) {
            String key = PluginViews.itemKey(item, keyField);
            if (key == null) {
                continue;
            }
            String name = item.path("name").asText();
            views.replaceItem(key, "cpu", "mem");
            JsonNode total = item.path("cpu").get("total");
            if (total != null) {
                String alert = alerts.alert(total, name + "_cpu");
                if (alert.equals(Level.DEFAULT)) {
                    alert = alerts.alert(total, "cpu");
                }
                views.decorate(key, "cpu", alert);
            }
            JsonNode memory = item.path("memory");
            if (memory.has("usage") && memory.has("limit")) {
                double used = memory.get("usage").asDouble() - memory.path("inactive_file").asDouble(0);
                String alert = alerts.alert(used, memory.get("limit"), name + "_mem");
                if (alert.equals(Level.DEFAULT)) {
                    alert = alerts.alert(used, memory.get("limit"), "mem");
                }
                views.decorate(key, "mem", alert);
            }
        }
        boolean pods = false;
        for (JsonNode item : stats) {
            JsonNode pod = item.get("pod_name");
            pods |= pod != null && !pod.isNull() && !pod.asText().isEmpty();
        }
        views.node().put("show_pod_name", pods);
        views.node().put("show_engine_name", engines(stats) > 1);
    }

    /** VMs are not decorated; {@code show_engine_name} says whether several engines are present. */
    public static void vms(PluginViews views, PluginAlerts alerts) {
        JsonNode stats = views.stats();
        if (stats.isArray() && !stats.isEmpty()) {
            views.node().put("show_engine_name", engines(stats) > 1);
        }
    }

    private static int engines(JsonNode stats) {
        Set<String> engines = new HashSet<>();
        stats.forEach(item -> engines.add(item.path("engine").asText(null)));
        return engines.size();
    }
}
