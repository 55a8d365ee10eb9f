package io.fleetglance.hub.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.alerts.Limits;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** export.py's flattening and the exporter's naming, on hand-written stats. */
class HostSeriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HostSeries.Naming NAMING = new HostSeries.Naming("glances",
            Map.of("src", "glances"), GlancesPlugins.catalogue());

    private static HostSeries series(String plugin, String json) throws Exception {
        Map<String, JsonNode> stats = new LinkedHashMap<>();
        stats.put(plugin, JSON.readTree(json));
        return HostSeries.of("web-1", stats, p -> Limits.of(p, GlancesConfig.shipped()), NAMING);
    }

    private static GaugeDataPointSnapshot only(HostSeries s, String name) {
        HostSeries.Family f = s.families().get(name);
        assertEquals(1, f.points().size(), name);
        return f.points().get(0);
    }

    @Test
    void listItemsAreLabelledByTheirKeyEvenWithADotInIt() throws Exception {
        HostSeries s = series("network", """
                [{"interface_name": "eth0.100", "key": "interface_name", "bytes_recv": 10, "is_up": true,
                  "alias": null}]""");
        GaugeDataPointSnapshot p = only(s, "glances_network_bytes_recv");
        assertEquals(10, p.getValue());
        assertEquals("eth0.100", p.getLabels().get("interface_name"));
        assertEquals("web-1", p.getLabels().get("host"));
        assertEquals("glances", p.getLabels().get("src"));
        assertEquals(1, only(s, "glances_network_is_up").getValue(), "booleans are 1 and 0");
        assertFalse(s.families().containsKey("glances_network_alias"), "null is not a number");
        assertFalse(s.families().containsKey("glances_network_interface_name"), "strings are skipped");
    }

    @Test
    void nestedDictsConcatenateTheirNamesAsExportPyDoes() throws Exception {
        HostSeries s = series("containers", """
                [{"name": "db", "key": "name", "cpu": {"total": 12.5}, "memory": {"usage": 100, "limit": 200},
                  "ports": [80, 443]}]""");
        assertEquals(12.5, only(s, "glances_containers_cputotal").getValue());
        assertEquals(200, only(s, "glances_containers_memorylimit").getValue());
        assertEquals("db", only(s, "glances_containers_memoryusage").getLabels().get("name"));
        assertFalse(s.families().keySet().stream().anyMatch(n -> n.contains("ports")), "lists are skipped");
    }

    @Test
    void limitsAreMergedAndNamesLowercasedWithGlancesReplacements() throws Exception {
        HostSeries s = series("cpu", """
                {"total": 3.5, "Ctx_Switches-Rate/sec": 7, "cpucore": 4}""");
        assertEquals(3.5, only(s, "glances_cpu_total").getValue());
        assertEquals(7, only(s, "glances_cpu_ctx_switches_rate_sec").getValue());
        assertEquals(50, only(s, "glances_cpu_cpu_user_careful").getValue(), "the shipped glances.conf's limit");
        assertNull(s.families().get("glances_cpu_cpu_disable"));
        assertTrue(s.families().get("glances_cpu_total").help().startsWith("Sum of all CPU percentages"));
    }

    @Test
    void uptimeIsExportedInSecondsAndProcessesAndInternalPluginsAreNot() throws Exception {
        assertEquals(93784, only(series("uptime", "\"1 day, 2:03:04\""), "glances_uptime_seconds").getValue());
        assertTrue(series("processlist", "[{\"pid\": 1, \"key\": \"pid\", \"cpu_percent\": 1.0}]")
                .families().isEmpty());
        assertTrue(series("quicklook", "{\"cpu\": 1.0}").families().isEmpty());
    }

    @Test
    void labelsAndHostPatternsReadAsConfigured() {
        assertEquals(Map.of("src", "glances", "dc", "eu:1"), FleetMetrics.parseLabels("src:glances,dc:eu:1"));
        assertEquals(Map.of(), FleetMetrics.parseLabels("src:glances,broken"));
        HostPatterns p = HostPatterns.parse("web-*, db-?.example.org");
        assertTrue(p.matches("web-12"));
        assertTrue(p.matches("db-1.example.org"));
        assertFalse(p.matches("db-12.example.org"));
        assertFalse(p.matches("dbx1.example.org"));
        assertTrue(HostPatterns.parse(" ").matches("anything"));
    }
}
