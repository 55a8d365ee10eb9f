package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.cpu;
import static io.fleetglance.common.derive.Readings.core;
import static io.fleetglance.common.derive.Readings.percpu;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static io.fleetglance.common.derive.Readings.ticks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.CpuTimes;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuDerivationTest {

    /** 10000 ticks since boot: user 1000, system 500, idle 8000, iowait 300, softirq 200. */
    private static final CpuTimes BOOT = ticks(1000, 0, 500, 8000, 300, 0, 200, 0, 0, 0);
    /** 200 more ticks (guest is inside user): user +30, system +20, idle +140, iowait +5, softirq +5, guest +10. */
    private static final CpuTimes LATER = ticks(1030, 0, 520, 8140, 305, 0, 205, 0, 10, 0);
    /** The interval of cpu.json: 3.0182647705 s. */
    private static final long DT_NS = 3_018_264_770L;

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    @Test
    void firstSampleGivesSharesSinceBootAndRawCounters() {
        JsonNode cpu = cpuStats(deriver.derive(sample(0, BOOT, 427876, 221608, 123176, 0)));

        // Since boot: busy = 10000 - 8000 idle - 300 iowait = 1700 of 10000 ticks.
        assertEquals(17.0, cpu.get("total").doubleValue());
        assertEquals(10.0, cpu.get("user").doubleValue());
        assertEquals(5.0, cpu.get("system").doubleValue());
        assertEquals(80.0, cpu.get("idle").doubleValue());
        assertEquals(3.0, cpu.get("iowait").doubleValue());
        assertEquals(0.0, cpu.get("steal").doubleValue());
        // As Glances' very first update: cumulative counters, no gauge, no rate, no time_since_update.
        assertEquals(427876, cpu.get("ctx_switches").longValue());
        assertFalse(cpu.has("ctx_switches_gauge"));
        assertFalse(cpu.has("ctx_switches_rate_per_sec"));
        assertFalse(cpu.has("time_since_update"));
        assertEquals(2, cpu.get("cpucore").intValue());
    }

    @Test
    void secondSampleGivesSharesOfTheTickDeltas() {
        deriver.derive(sample(0, BOOT, 427876, 221608, 123176, 0));
        JsonNode cpu = cpuStats(deriver.derive(sample(DT_NS, LATER, 428736, 222269, 123689, 0)));

        // Deltas sum to 210 ticks; guest (10) is already inside user, so the total is 200: user 30 -> 15.0,
        // system 20 -> 10.0, idle 140 -> 70.0, iowait 5 -> 2.5, guest 10 -> 5.0; busy = 200 - 140 - 5 = 55 -> 27.5.
        assertEquals(27.5, cpu.get("total").doubleValue());
        assertEquals(15.0, cpu.get("user").doubleValue());
        assertEquals(10.0, cpu.get("system").doubleValue());
        assertEquals(70.0, cpu.get("idle").doubleValue());
        assertEquals(2.5, cpu.get("iowait").doubleValue());
        assertEquals(5.0, cpu.get("guest").doubleValue());
        assertEquals(0.0, cpu.get("nice").doubleValue());
    }

    @Test
    void secondSampleGivesRealRatesAsInCpuJson() {
        deriver.derive(sample(0, BOOT, 427876, 221608, 123176, 0));
        JsonNode cpu = cpuStats(deriver.derive(sample(DT_NS, LATER, 428736, 222269, 123689, 0)));

        // ctx_switches: 428736 - 427876 = 860 over 3.01826477 s = 284.93/s, floored to 284.0.
        assertEquals(860, cpu.get("ctx_switches").intValue());
        assertEquals(428736, cpu.get("ctx_switches_gauge").intValue());
        assertTrue(cpu.get("ctx_switches_rate_per_sec").isDouble());
        assertEquals(284.0, cpu.get("ctx_switches_rate_per_sec").doubleValue());
        // interrupts: 661 -> 219.0/s; soft_interrupts: 513 -> 169.0/s (the figures of cpu.json).
        assertEquals(661, cpu.get("interrupts").intValue());
        assertEquals(219.0, cpu.get("interrupts_rate_per_sec").doubleValue());
        assertEquals(513, cpu.get("soft_interrupts").intValue());
        assertEquals(169.0, cpu.get("soft_interrupts_rate_per_sec").doubleValue());
        assertTrue(cpu.get("time_since_update").isDouble());
        assertEquals(3.01826477, cpu.get("time_since_update").doubleValue(), 1e-12);
    }

    @Test
    void counterAtZeroGivesDeltaZeroAndAnIntRate() {
        deriver.derive(sample(0, BOOT, 427876, 0, 123176, 0));
        JsonNode cpu = cpuStats(deriver.derive(sample(DT_NS, LATER, 428736, 500, 123689, 0)));

        // syscalls is 0 now and before; interrupts was 0 before: Glances' zero branch, int 0 for both.
        assertTrue(cpu.get("syscalls_rate_per_sec").isInt());
        assertEquals(0, cpu.get("syscalls").intValue());
        assertEquals(0, cpu.get("syscalls_gauge").intValue());
        assertEquals(0, cpu.get("interrupts").intValue());
        assertEquals(500, cpu.get("interrupts_gauge").intValue());
        assertTrue(cpu.get("interrupts_rate_per_sec").isInt());
        assertEquals(0, cpu.get("interrupts_rate_per_sec").intValue());
    }

    @Test
    void counterThatWentBackwardsGivesZeroAndSharesSinceTheNewBoot() {
        deriver.derive(sample(0, LATER, 428736, 222269, 123689, 0));
        // The host rebooted: every tick counter and event counter restarted lower.
        JsonNode cpu = cpuStats(deriver.derive(sample(DT_NS, BOOT, 1000, 900, 800, 0)));

        assertEquals(0, cpu.get("ctx_switches").intValue());
        assertEquals(1000, cpu.get("ctx_switches_gauge").intValue());
        assertTrue(cpu.get("ctx_switches_rate_per_sec").isInt());
        assertEquals(0, cpu.get("ctx_switches_rate_per_sec").intValue());
        assertEquals(17.0, cpu.get("total").doubleValue());
        assertEquals(80.0, cpu.get("idle").doubleValue());
    }

    @Test
    void intervalThatIsNotPositiveGivesZeroRates() {
        deriver.derive(sample(5_000_000_000L, BOOT, 427876, 221608, 123176, 0));
        JsonNode cpu = cpuStats(deriver.derive(sample(5_000_000_000L, LATER, 428736, 222269, 123689, 0)));

        assertEquals(0.0, cpu.get("time_since_update").doubleValue());
        assertEquals(0, cpu.get("ctx_switches").intValue());
        assertTrue(cpu.get("ctx_switches_rate_per_sec").isInt());
        assertEquals(428736, cpu.get("ctx_switches_gauge").intValue());
    }

    @Test
    void roundsEachShareToOneDecimal() {
        deriver.derive(sample(0, ticks(0, 0, 0, 0, 0, 0, 0, 0, 0, 0), 1, 1, 1, 0));
        // 3 ticks: 1 user, 2 idle -> 33.333... and 66.666... -> 33.3 and 66.7; busy 1 of 3 -> 33.3.
        JsonNode cpu = cpuStats(deriver.derive(sample(DT_NS, ticks(1, 0, 0, 2, 0, 0, 0, 0, 0, 0), 2, 2, 2, 0)));

        assertEquals(33.3, cpu.get("user").doubleValue());
        assertEquals(66.7, cpu.get("idle").doubleValue());
        assertEquals(33.3, cpu.get("total").doubleValue());
    }

    @Test
    void countsCoresFromPercpuWhenTheCoreReadingIsAbsent() {
        Sample sample = sampleAt(0).setCpu(cpu(BOOT, 1, 1, 1, 0))
                .setPercpu(percpu(BOOT, BOOT, BOOT, BOOT)).build();

        assertEquals(4, cpuStats(deriver.derive(sample)).get("cpucore").intValue());
    }

    @Test
    void keepsTheKeyOrderOfCpuJson() {
        deriver.derive(sample(0, BOOT, 427876, 221608, 123176, 0));
        JsonNode cpu = cpuStats(deriver.derive(sample(DT_NS, LATER, 428736, 222269, 123689, 0)));

        assertEquals(names(GlancesSamples.read("cpu.json")), names(cpu));
    }

    private static Sample sample(long monoNs, CpuTimes times, long ctx, long interrupts, long soft, long syscalls) {
        return sampleAt(monoNs).setCpu(cpu(times, ctx, interrupts, soft, syscalls)).setCore(core(2, 2)).build();
    }

    private static JsonNode cpuStats(Map<String, JsonNode> stats) {
        return stats.get("cpu");
    }

    static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
