package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.Readings.bootedAt;
import static io.fleetglance.common.derive.Readings.clock;
import static io.fleetglance.common.derive.Readings.core;
import static io.fleetglance.common.derive.Readings.cpu;
import static io.fleetglance.common.derive.Readings.debianVm;
import static io.fleetglance.common.derive.Readings.load;
import static io.fleetglance.common.derive.Readings.mem;
import static io.fleetglance.common.derive.Readings.percpu;
import static io.fleetglance.common.derive.Readings.process;
import static io.fleetglance.common.derive.Readings.sampleAt;
import static io.fleetglance.common.derive.Readings.swap;
import static io.fleetglance.common.derive.Readings.table;
import static io.fleetglance.common.derive.Readings.ticks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.proto.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostDeriverTest {

    private static final long BOOT_S = Readings.WALL_US / 1_000_000 - 299;

    @Test
    void derivesOnlyThePluginsWhoseReadingsTheSampleCarries() {
        HostDeriver deriver = new HostDeriver();

        Map<String, JsonNode> stats = deriver.derive(sampleAt(0).setLoad(load(1, 2, 3)).setMem(mem(1)).build());

        assertEquals(List.of("load", "mem"), List.copyOf(stats.keySet()));
    }

    @Test
    void derivesNothingFromASampleWithoutReadings() {
        assertTrue(new HostDeriver().derive(sampleAt(0).build()).isEmpty());
    }

    @Test
    void listsPluginsInCatalogueOrder() {
        Map<String, JsonNode> stats = new HostDeriver().derive(fullSample(0, 0));

        assertEquals(List.of("now", "load", "mem", "cpu", "uptime", "system", "percpu", "memswap", "processcount",
                "core"), List.copyOf(stats.keySet()));
    }

    @Test
    void keepsEachHostsStateApart() {
        HostDeriver first = new HostDeriver();
        HostDeriver second = new HostDeriver();
        first.derive(fullSample(0, 0));

        JsonNode secondHostCpu = second.derive(fullSample(3_000_000_000L, 1)).get("cpu");

        // The second host has no previous sample: raw counters, no rates.
        assertFalse(secondHostCpu.has("time_since_update"));
    }

    @Test
    void fieldNamesAndJsonTypesMatchGlancesAllJson() {
        JsonNode all = GlancesSamples.read("all.json");
        HostDeriver deriver = new HostDeriver();
        deriver.derive(fullSample(0, 0));
        deriver.derive(fullSample(2_000_000_000L, 1));
        // The third sample: every rate field has a real previous counter, as in a long-running Glances.
        Map<String, JsonNode> stats = deriver.derive(fullSample(4_000_000_000L, 2));

        for (Map.Entry<String, JsonNode> plugin : stats.entrySet()) {
            JsonNode expected = all.get(plugin.getKey());
            JsonNode actual = plugin.getValue();
            if (expected.isArray()) {
                expected = expected.get(0);
                actual = actual.get(0);
            }
            assertEquals(shape(expected), shape(actual), plugin.getKey());
        }
    }

    /** Field names in order with the JSON kind of each value, or the kind of a scalar node. */
    private static List<String> shape(JsonNode node) {
        List<String> shape = new ArrayList<>();
        if (!node.isObject()) {
            shape.add(kind(node));
            return shape;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            shape.add(field.getKey() + ":" + kind(field.getValue()));
        }
        return shape;
    }

    private static String kind(JsonNode value) {
        if (value.isIntegralNumber()) {
            return "int";
        }
        if (value.isFloatingPointNumber()) {
            return "float";
        }
        return value.getNodeType().name().toLowerCase();
    }

    /** A sample with every reading this deriver knows, with counters that grow with {@code step}. */
    private static Sample fullSample(long monoNs, int step) {
        long s = step;
        return sampleAt(monoNs)
                .setCpu(cpu(ticks(1000 + 30 * s, 0, 500 + 20 * s, 8000 + 140 * s, 300 + 5 * s, 0, 200 + 5 * s, 0, 0, 0),
                        427_876 + 860 * s, 221_608 + 661 * s, 123_176 + 513 * s, 0))
                .setPercpu(percpu(ticks(500 + 15 * s, 0, 250 + 10 * s, 4000 + 70 * s, 150, 0, 100, 0, 0, 0),
                        ticks(500 + 15 * s, 0, 250 + 10 * s, 4000 + 70 * s, 150, 0, 100, 0, 0, 0)))
                .setCore(core(2, 2))
                .setLoad(load(0.51025390625, 0.31787109375, 0.12255859375))
                .setMem(mem(24_918_798_336L - 1000 * s))
                .setMemswap(swap(0, 0, 0, 0))
                .setSystem(debianVm())
                .setUptime(bootedAt(BOOT_S))
                .setNow(clock(0, "UTC"))
                .setProcesses(table(4_194_304, process(1, "S", 1), process(2, "I", 1), process(3, "R", 3)))
                .build();
    }
}
