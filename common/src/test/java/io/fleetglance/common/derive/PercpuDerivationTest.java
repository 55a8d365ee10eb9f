package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.percpu;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static io.fleetglance.common.derive.Readings.ticks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.CpuTimes;
import org.junit.jupiter.api.Test;

class PercpuDerivationTest {

    /** cpu0 since boot, 2000 ticks: user 200, nice 10, system 100, idle 1600, iowait 40, softirq 20, steal 30. */
    private static final CpuTimes CPU0_BOOT = ticks(200, 10, 100, 1600, 40, 0, 20, 30, 0, 0);
    /**
     * cpu0 later, +206 ticks of which guest +4 and guest_nice +2 are inside user and nice: user +41, system +9,
     * idle +146, iowait +2, softirq +1, steal +1; total 200.
     */
    private static final CpuTimes CPU0_LATER = ticks(241, 10, 109, 1746, 42, 0, 21, 31, 4, 2);
    /** cpu1 since boot, 1000 ticks: user 250, idle 750. */
    private static final CpuTimes CPU1_BOOT = ticks(250, 0, 0, 750, 0, 0, 0, 0, 0, 0);

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void firstSampleGivesEachCpuItsSharesSinceBoot() {
        JsonNode percpu = deriver.derive(sampleAt(0).setPercpu(percpu(CPU0_BOOT, CPU1_BOOT)).build()).get("percpu");

        assertEquals(2, percpu.size());
        JsonNode cpu0 = percpu.get(0);
        assertEquals("cpu_number", cpu0.get("key").asText());
        assertTrue(cpu0.get("cpu_number").isInt());
        assertEquals(0, cpu0.get("cpu_number").intValue());
        assertEquals(10.0, cpu0.get("user").doubleValue());
        assertEquals(0.5, cpu0.get("nice").doubleValue());
        assertEquals(5.0, cpu0.get("system").doubleValue());
        assertEquals(80.0, cpu0.get("idle").doubleValue());
        assertEquals(2.0, cpu0.get("iowait").doubleValue());
        assertEquals(1.0, cpu0.get("softirq").doubleValue());
        assertEquals(1.5, cpu0.get("steal").doubleValue());
        // total = round(100 - idle, 1): iowait counts as busy here, unlike cpu.total.
        assertEquals(20.0, cpu0.get("total").doubleValue());
        assertEquals(25.0, percpu.get(1).get("user").doubleValue());
        assertEquals(25.0, percpu.get(1).get("total").doubleValue());
    }

    @Test
    void secondSampleGivesSharesOfTheDeltasWithTheRealGuestNice() {
        deriver.derive(sampleAt(0).setPercpu(percpu(CPU0_BOOT, CPU1_BOOT)).build());
        JsonNode cpu0 = deriver.derive(sampleAt(2_000_000_000L).setPercpu(percpu(CPU0_LATER, CPU1_BOOT)).build())
                .get("percpu").get(0);

        assertEquals(20.5, cpu0.get("user").doubleValue());
        assertEquals(4.5, cpu0.get("system").doubleValue());
        assertEquals(73.0, cpu0.get("idle").doubleValue());
        assertEquals(1.0, cpu0.get("iowait").doubleValue());
        assertEquals(0.5, cpu0.get("softirq").doubleValue());
        assertEquals(0.5, cpu0.get("steal").doubleValue());
        assertEquals(2.0, cpu0.get("guest").doubleValue());
        // Glances would copy steal (0.5) here; the real guest_nice share is 2 of 200 ticks.
        assertEquals(1.0, cpu0.get("guest_nice").doubleValue());
        assertEquals(27.0, cpu0.get("total").doubleValue());
    }

    @Test
    void cpuWithoutNewTicksShowsZeroShares() {
        deriver.derive(sampleAt(0).setPercpu(percpu(CPU0_BOOT, CPU1_BOOT)).build());
        JsonNode cpu1 = deriver.derive(sampleAt(2_000_000_000L).setPercpu(percpu(CPU0_LATER, CPU1_BOOT)).build())
                .get("percpu").get(1);

        assertEquals(0.0, cpu1.get("idle").doubleValue());
        assertEquals(0.0, cpu1.get("user").doubleValue());
        assertEquals(100.0, cpu1.get("total").doubleValue());
    }

    @Test
    void servesWindowsOnlyFieldsAsNullInTheKeyOrderOfPercpuJson() {
        JsonNode cpu0 = deriver.derive(sampleAt(0).setPercpu(percpu(CPU0_BOOT)).build()).get("percpu").get(0);

        assertTrue(cpu0.get("dpc").isNull());
        assertTrue(cpu0.get("interrupt").isNull());
        assertEquals(CpuDerivationTest.names(GlancesSamples.read("percpu.json").get(0)),
                CpuDerivationTest.names(cpu0));
    }
}
