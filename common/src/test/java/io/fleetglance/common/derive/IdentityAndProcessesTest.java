package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.core;
import static io.fleetglance.common.derive.Readings.debianVm;
import static io.fleetglance.common.derive.Readings.load;
import static io.fleetglance.common.derive.Readings.process;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static io.fleetglance.common.derive.Readings.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.OsFacts;
import io.fleetglance.proto.SystemReading;
import org.junit.jupiter.api.Test;

class IdentityAndProcessesTest {

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void coreAndLoadOfTheReferenceVmEqualCoreJsonAndLoadJson() {
        var stats = deriver.derive(sampleAt(0).setCore(core(2, 2))
                .setLoad(load(0.51025390625, 0.31787109375, 0.12255859375)).build());

        assertEquals(GlancesSamples.read("core.json"), stats.get("core"));
        assertEquals(GlancesSamples.read("load.json"), stats.get("load"));
    }

    @Test
    void unknownPhysicalCoreCountIsNull() {
        JsonNode core = deriver.derive(sampleAt(0).setCore(core(0, 8)).build()).get("core");

        assertTrue(core.get("phys").isNull());
        assertEquals(8, core.get("log").intValue());
    }

    @Test
    void systemOfTheReferenceVmEqualsSystemJson() {
        JsonNode system = deriver.derive(sampleAt(0).setSystem(debianVm()).build()).get("system");

        // hr_name = "{linux_distro} {platform} / {os_name} {os_version}"
        assertEquals(GlancesSamples.read("system.json"), system);
        assertEquals("Debian GNU/Linux 12 64bit / Linux 6.18.44-fc-v657", system.get("hr_name").asText());
    }

    @Test
    void systemOfANonLinuxHostHasNoDistroInItsName() {
        SystemReading freebsd = SystemReading.newBuilder().setOs(OsFacts.newBuilder().setOsName("FreeBSD")
                .setHostname("bsd").setPlatform("64bit").setOsVersion("14.1-RELEASE")).build();

        JsonNode system = deriver.derive(sampleAt(0).setSystem(freebsd).build()).get("system");

        assertEquals("FreeBSD 14.1-RELEASE 64bit", system.get("hr_name").asText());
        assertFalse(system.has("linux_distro"));
    }

    @Test
    void countsRunningAndSleepingByPsutilStatusAndSumsThreads() {
        // R -> running; S -> sleeping; I (idle kernel thread), D, Z only count in total.
        var processes = table(4_194_304,
                process(1, "S", 1), process(2, "I", 1), process(3, "R", 4), process(4, "S", 2),
                process(5, "D", 1), process(6, "Z", 1), process(7, "I", 1));

        JsonNode count = deriver.derive(sampleAt(0).setProcesses(processes).build()).get("processcount");

        assertEquals(7, count.get("total").intValue());
        assertEquals(1, count.get("running").intValue());
        assertEquals(2, count.get("sleeping").intValue());
        // 1 + 1 + 4 + 2 + 1 + 1 + 1
        assertEquals(11, count.get("thread").intValue());
        // The host's real /proc/sys/kernel/pid_max, where Glances serves 0.
        assertEquals(4_194_304, count.get("pid_max").intValue());
        assertEquals(CpuDerivationTest.names(GlancesSamples.read("processcount.json")),
                CpuDerivationTest.names(count));
    }
}
