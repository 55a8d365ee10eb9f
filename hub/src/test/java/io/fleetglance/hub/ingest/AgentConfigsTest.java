package io.fleetglance.hub.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.AgentConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentConfigsTest {

    @Test
    void sendsDisabledPluginsAndMeasurementSectionsOnly() {
        GlancesConfig c = GlancesConfig.parse("g.conf", List.of(
                "[outputs]", "cors_origins=*",
                "[network]", "hide=docker.*,lo",
                "[gpu]", "disable=True",
                "[irq]", "disable=False",
                "[ports]", "port_1_host=127.0.0.1", "port_1_port=22",
                "[amp_nginx]", "enable=true", "regex=.*nginx.*"));
        AgentConfig a = AgentConfigs.from(c, GlancesPlugins.catalogue());
        assertTrue(a.getDisabledPluginsList().contains("gpu"));
        assertTrue(a.getDisabledPluginsList().contains("raid"), "off by default, as in Glances");
        assertFalse(a.getDisabledPluginsList().contains("irq"), "turned on by the file");
        assertFalse(a.getDisabledPluginsList().contains("cpu"));
        assertEquals("docker.*,lo", a.getSectionsOrThrow("network").getEntriesOrThrow("hide"));
        assertEquals("22", a.getSectionsOrThrow("ports").getEntriesOrThrow("port_1_port"));
        assertTrue(a.containsSections("amp_nginx"));
        assertFalse(a.containsSections("outputs"), "the hub's own sections stay on the hub");
    }
}
