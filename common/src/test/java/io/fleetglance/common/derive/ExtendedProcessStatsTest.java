package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.ProcessTables.facts;
import static io.fleetglance.common.derive.ProcessTables.pid;
import static io.fleetglance.common.derive.ProcessTables.process;
import static io.fleetglance.common.derive.ProcessTables.processlist;
import static io.fleetglance.common.derive.ProcessTables.table;
import static io.fleetglance.common.derive.ProcessTables.withExtended;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Process;
import io.fleetglance.proto.ProcessExtended;
import io.fleetglance.proto.ProcessTable;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExtendedProcessStatsTest {

    /** 10 s between samples on 2 CPUs: each tick of cpu time is 0.1 %. */
    private static final long DT_NS = 10_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    /** pid 1 of processes_extended_after.json, with {@code rss} bytes resident and {@code stime} ticks. */
    private static Process.Builder processApi(long stime, long rss) {
        return process(1, 1, "process_api", 64, stime).setNumThreads(13).setRss(rss)
                .setFacts(facts("root", "/usr/bin/process_api", "--example-arg"));
    }

    private static ProcessExtended extendedOf(int pid, long startTime) {
        return ProcessExtended.newBuilder().setPid(pid).setStartTime(startTime).setNumFds(269).setCtxVoluntary(363)
                .setCtxInvoluntary(17).addCpuAffinity(0).addCpuAffinity(1).setMemorySwap(0).setTcp(2).setUdp(0)
                .build();
    }

    private static ProcessTable withPid1Extended(Process.Builder... processes) {
        return withExtended(table(processes), extendedOf(1, 1));
    }

    @Test
    void theChosenProcessGetsTheExtendedStatsWithMinMaxMeanOverTheSamples() throws Exception {
        processlist(deriver, 0, table(processApi(130, 13_959_168)));
        processlist(deriver, DT_NS, withPid1Extended(processApi(132, 13_959_168)));
        JsonNode api = pid(processlist(deriver, 2 * DT_NS, withPid1Extended(processApi(135, 13_971_456))), 1);

        assertEquals(269, api.get("num_fds").intValue());
        assertEquals(MAPPER.readTree("{\"ioclass\":0,\"value\":0}"), api.get("ionice"));
        assertEquals(MAPPER.readTree("{\"voluntary\":363,\"involuntary\":17}"), api.get("num_ctx_switches"));
        assertEquals(MAPPER.readTree("[0,1]"), api.get("cpu_affinity"));
        assertEquals(0, api.get("memory_swap").intValue());
        assertEquals(2, api.get("tcp").intValue());
        assertTrue(api.get("extended_stats").booleanValue());
        // cpu: 2 ticks (0.2 %) then 3 ticks (0.3 %): the figures of processes_extended_after.json.
        JsonNode glances = GlancesSamples.read("processes_extended_after.json");
        for (String field : List.of("cpu_min", "cpu_max", "cpu_mean_sum", "cpu_mean_counter", "cpu_mean",
                "memory_min", "memory_max", "memory_mean_sum", "memory_mean_counter", "memory_mean")) {
            assertEquals(glances.get(field), api.get(field), field);
        }
        assertEquals(0.3, api.get("cpu_percent").doubleValue());
    }

    @Test
    void extendedFieldsHaveTheNamesTypesAndOrderOfProcessesExtendedAfter() {
        processlist(deriver, 0, table(processApi(130, 13_959_168)));
        JsonNode api = pid(processlist(deriver, DT_NS, withPid1Extended(processApi(130, 13_959_168))), 1);
        JsonNode glances = GlancesSamples.read("processes_extended_after.json");

        Map<String, String> expected = kinds(glances);
        // The agent counts swap and sockets where psutil gave Glances nothing: numbers, not null.
        expected.put("memory_swap", "int");
        expected.put("tcp", "int");
        expected.put("udp", "int");
        assertEquals(expected, kinds(api));
        List<String> glancesOrder = CpuDerivationTest.names(glances);
        List<String> ours = CpuDerivationTest.names(api);
        assertEquals(glancesOrder.subList(glancesOrder.indexOf("memory_percent"), glancesOrder.size()),
                ours.subList(ours.indexOf("memory_percent"), ours.indexOf("time_since_update") + 1));
    }

    @Test
    void onlyTheChosenProcessWithItsStartTimeGetsThem() {
        JsonNode stats = processlist(deriver, 0, withExtended(table(processApi(130, 1),
                process(2, 1, "kthreadd", 0, 0)), extendedOf(2, 777)));

        assertFalse(pid(stats, 1).has("extended_stats"));
        // pid 2 was chosen, but the process now at pid 2 started at another time: not the chosen one.
        assertFalse(pid(stats, 2).has("extended_stats"));
    }

    @Test
    void theRunningFiguresRestartWhenTheChoiceChangesOrIsWithdrawn() {
        processlist(deriver, 0, table(processApi(100, 1), process(2, 1, "b", 0, 0)));
        processlist(deriver, DT_NS, withPid1Extended(processApi(110, 1), process(2, 1, "b", 0, 0)));
        JsonNode otherChosen = pid(processlist(deriver, 2 * DT_NS, withExtended(
                table(processApi(120, 1), process(2, 1, "b", 5, 0)), extendedOf(2, 1))), 2);
        processlist(deriver, 3 * DT_NS, table(processApi(130, 1), process(2, 1, "b", 5, 0)));
        JsonNode chosenAgain = pid(processlist(deriver, 4 * DT_NS,
                withPid1Extended(processApi(150, 1), process(2, 1, "b", 5, 0))), 1);

        assertEquals(1, otherChosen.get("cpu_mean_counter").intValue());
        assertEquals(0.5, otherChosen.get("cpu_max").doubleValue());
        // Withdrawn in between: pid 1 starts again from one sample (20 ticks: 2.0 %).
        assertEquals(1, chosenAgain.get("cpu_mean_counter").intValue());
        assertEquals(2.0, chosenAgain.get("cpu_min").doubleValue());
    }

    private static Map<String, String> kinds(JsonNode node) {
        Map<String, String> kinds = new TreeMap<>();
        node.properties().forEach(e -> kinds.put(e.getKey(), kind(e.getValue())));
        return kinds;
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

}
