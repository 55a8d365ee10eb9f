package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.plugins.GlancesPlugins;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The views Glances served on the capture machine, rebuilt from the stats it served with its configuration. */
class CapturedViewsTest {

    private static HostAlerts capturedHost() {
        JsonNode all = GlancesSamples.read("all.json");
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        all.fieldNames().forEachRemaining(plugin -> stats.put(plugin, all.get(plugin)));
        HostAlerts host = new HostAlerts(CapturedHost.config(), GlancesPlugins.catalogue(), 2);
        host.update(stats, Instant.ofEpochSecond(1795712300L));
        return host;
    }

    @Test
    void everyPluginsViewsEqualCapturedAllViews() {
        JsonNode glances = GlancesSamples.read("all__views.json");
        JsonNode ours = capturedHost().allViews();
        assertEquals(names(glances), names(ours), "plugins in Glances' order");
        for (String plugin : names(glances)) {
            assertEquals(glances.get(plugin), ours.get(plugin), plugin);
        }
    }

    @Test
    void cpuAndNetworkViewsEqualTheirRoutes() {
        HostAlerts host = capturedHost();
        JsonNode cpu = host.views("cpu");
        assertEquals(GlancesSamples.read("cpu__views.json"), cpu);
        assertEquals(names(GlancesSamples.read("cpu__views.json")), names(cpu), "fields in stats order");
        assertEquals(GlancesSamples.read("network__views.json"), host.views("network"));
        assertEquals(GlancesSamples.read("network_item_views_by_key_eth0.json"), host.views("network").get("eth0"));
    }

    @Test
    void capturedValuesRaiseNoEvent() {
        // total 3.5%, load 0.06 per core, mem 1.6%: all OK, so nothing is opened
        assertEquals(0, capturedHost().events().size());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
