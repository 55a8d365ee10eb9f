package io.fleetglance.common.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LimitsTest {

    @Test
    void cpuLimitsOfTwoCpuHostEqualCapture() {
        JsonNode ours = Limits.of("cpu", CapturedHost.effective()).toJson();
        JsonNode glances = GlancesSamples.read("cpu__limits.json");
        assertEquals(glances, ours);
        assertEquals(names(glances), names(ours));
    }

    @Test
    void everyPluginsLimitsEqualCapturedAllLimits() {
        JsonNode glances = GlancesSamples.read("all__limits.json");
        List<String> plugins = names(glances);
        for (String plugin : plugins) {
            JsonNode ours = Limits.of(plugin, CapturedHost.effective()).toJson();
            assertEquals(glances.get(plugin), ours, plugin);
            assertEquals(names(glances.get(plugin)), names(ours), plugin + " key order");
        }
    }

    @Test
    void valuesAreFloatsElseCommaSplitLists() {
        Limits network = Limits.of("network", CapturedHost.effective());
        assertEquals(Optional.of(List.of("docker.*", "lo")), network.list("hide"));
        assertEquals(Optional.of(70.0), network.get("network_rx_careful"));
        assertEquals(Optional.of(List.of("True")), network.get("network_hide_no_up"));
        Limits system = Limits.of("system", CapturedHost.effective());
        assertEquals(Optional.of(60), system.get("system_refresh"), "Glances forces 60 s, as an int");
    }

    @Test
    void withoutConfigurationFileHistorySizeIsTheCodeDefaultAndCpuTotalHasNoLimit() {
        GlancesConfig none = GlancesConfig.empty().withGlancesDefaults(4);
        Limits cpu = Limits.of("cpu", none);
        assertEquals(Optional.of(28800.0), cpu.get("history_size"));
        assertEquals(Optional.empty(), cpu.threshold("careful", "cpu_total"));
        assertEquals(Optional.of(20.0), cpu.threshold("careful", "cpu_iowait"));
        assertEquals(Optional.of(200000.0), cpu.threshold("critical", "cpu_ctx_switches"));
        assertEquals(Optional.of(10.0), Limits.of("sensors", none).get("sensors_refresh"),
                "sensors refresh 5 times the global one");
        assertEquals(List.of("history_size"), new ArrayList<>(Limits.of("now", none).values().keySet()));
    }

    @Test
    void thresholdsLookUpTheStatThenThePlugin() {
        GlancesConfig config = GlancesConfig.parse("g", List.of("[fs]", "careful=50", "/data_careful=80",
                "[network]", "wlan0_rx_careful=4000000")).withGlancesDefaults(1);
        Limits fs = Limits.of("fs", config);
        assertEquals(Optional.of(80.0), fs.threshold("careful", "fs_/data"));
        assertEquals(Optional.of(50.0), fs.threshold("careful", "fs_/"));
        assertEquals(Optional.of(70.0), fs.threshold("warning", "fs_/data"), "each level is looked up alone");
        Limits network = Limits.of("network", config);
        assertEquals(Optional.of(4000000.0), network.threshold("careful", "network_WLAN0_rx"));
        assertEquals(Optional.empty(), network.threshold("careful", "network_eth0_rx"));
        assertTrue(network.hasThreshold("careful", "wlan0_rx"));
        assertFalse(network.hasThreshold("warning", "wlan0_rx"));
    }

    @Test
    void logFlagIsTrueOnlyForTrue() {
        GlancesConfig config = GlancesConfig.parse("g", List.of("[cpu]", "user_log=False", "system_log=TRUE",
                "steal_log=yes", "[load]", "log=False")).withGlancesDefaults(1);
        Limits cpu = Limits.of("cpu", config);
        assertFalse(cpu.logged("cpu_user", true));
        assertTrue(cpu.logged("cpu_system", false));
        assertFalse(cpu.logged("cpu_steal", true), "Glances compares the text with 'true'");
        assertTrue(cpu.logged("cpu_iowait", true), "no key: the caller's default");
        assertFalse(cpu.logged("cpu_iowait", false));
        assertFalse(Limits.of("load", config).logged("load", true), "<plugin>_log applies to every stat");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
