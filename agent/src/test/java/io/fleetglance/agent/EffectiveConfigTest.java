package io.fleetglance.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.proto.AgentConfig;
import io.fleetglance.proto.ConfigSection;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {

    @Test
    void theLocalFileWinsKeyByKeyOverTheHubs() {
        AgentConfig hub = AgentConfig.newBuilder().addDisabledPlugins("gpu").addDisabledPlugins("irq")
                .putSections("ports", ConfigSection.newBuilder().putEntries("port_1_host", "127.0.0.1")
                        .putEntries("port_1_port", "22").build())
                .build();
        GlancesConfig local = GlancesConfig.parse("local.conf", List.of("[irq]", "disable=False", "[sensors]",
                "disable=True", "[ports]", "port_1_port=2222"));
        EffectiveConfig e = EffectiveConfig.merge(hub, local);
        assertTrue(e.disabledPlugins().contains("gpu"));
        assertFalse(e.disabledPlugins().contains("irq"), "the local file turned irq on");
        assertTrue(e.disabledPlugins().contains("sensors"));
        assertEquals("2222", e.sections().get("ports").get("port_1_port"));
        assertEquals("127.0.0.1", e.sections().get("ports").get("port_1_host"), "keys the file lacks stay the hub's");
    }

    @Test
    void withoutAHubGlancesDefaultsApply() {
        EffectiveConfig e = EffectiveConfig.localOnly(GlancesConfig.empty());
        assertTrue(e.disabledPlugins().containsAll(List.of("irq", "raid", "smart", "connections", "cloud", "vms")));
        assertFalse(e.disabledPlugins().contains("cpu"));
    }
}
