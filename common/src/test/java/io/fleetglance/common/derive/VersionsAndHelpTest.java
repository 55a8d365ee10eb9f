package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.sampleAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionsAndHelpTest {

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void versionIsTheGlancesVersionOfVersionJson() {
        deriver.setAgentVersion("0.1.0");

        assertEquals(GlancesSamples.read("version.json"), deriver.derive(sampleAt(0).build()).get("version"));
    }

    @Test
    void psutilversionNamesTheAgentThatReadsTheMachine() {
        assertEquals("fleetglance-agent", deriver.derive(sampleAt(0).build()).get("psutilversion").asText());

        deriver.setAgentVersion("0.1.0");
        JsonNode psutilversion = deriver.derive(sampleAt(0).build()).get("psutilversion");

        assertTrue(psutilversion.isTextual());
        assertEquals("fleetglance-agent 0.1.0", psutilversion.asText());
        assertEquals("0.1.0", deriver.agentVersion());
    }

    @Test
    void helpRawStatsAreNullAsInAllJson() {
        Map<String, JsonNode> stats = deriver.derive(sampleAt(0).build());

        assertTrue(stats.get("help").isNull());
        assertEquals(GlancesSamples.read("all.json").get("help"), stats.get("help"));
    }

    @Test
    void helpViewDataIsHelpJsonKeyForKey() {
        HostDeriver fromFile = new HostDeriver(GlancesPlugins.catalogue(),
                GlancesConfig.parse("/etc/glances/glances.conf", List.of()));
        fromFile.setAgentVersion("0.1.0");

        ObjectNode help = fromFile.helpViewData();
        JsonNode glances = GlancesSamples.read("help.json");

        assertEquals(58, help.size());
        assertEquals(CpuDerivationTest.names(glances), CpuDerivationTest.names(help));
        // Every line but psutil's is Glances' own.
        ObjectNode expected = ((ObjectNode) glances).deepCopy();
        expected.put("psutil_version", " with fleetglance-agent 0.1.0");
        assertEquals(expected, help);
    }

    @Test
    void helpNamesTheBuiltInDefaultsWhenNoFileWasRead() {
        assertEquals("Configuration file: (built-in defaults)",
                deriver.helpViewData().get("configuration_file").asText());
    }
}
