package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.ProcessTables.facts;
import static io.fleetglance.common.derive.ProcessTables.io;
import static io.fleetglance.common.derive.ProcessTables.process;
import static io.fleetglance.common.derive.ProcessTables.programlist;
import static io.fleetglance.common.derive.ProcessTables.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetglance.common.GlancesSamples;
import io.fleetglance.common.config.GlancesConfig;
import io.fleetglance.common.plugins.GlancesPlugins;
import io.fleetglance.proto.Process;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgramlistDerivationTest {

    private static final long DT_NS = 2_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    /** The two python3 processes behind programlist__top__3.json's first program. */
    private static Process.Builder python7509() {
        return process(7509, 1, "python3", 88, 13).setNumThreads(3).setCstime(1).setRss(55_414_784)
                .setVms(515_002_368).setShared(13_217_792).setText(2_830_336).setData(94_212_096)
                .setIo(io(10_268_672, 180_224)).setFacts(facts("root", "/usr/bin/python3", "--example-arg"));
    }

    private static Process.Builder python7681() {
        return process(7681, 1, "python3", 6, 1).setNumThreads(1).setCutime(3).setCstime(2).setRss(22_614_016)
                .setVms(28_053_504).setShared(11_272_192).setText(4096).setData(11_755_520)
                .setIo(io(2_715_648, 57_344)).setFacts(facts("root", "/usr/bin/python3"));
    }

    @Test
    void groupsProcessesByNameInTheOrderOfTheSortedList() throws Exception {
        programlist(deriver, 0, table(process(1, 1, "bash", 0, 0), process(2, 1, "sshd", 0, 0),
                process(3, 1, "bash", 0, 0), process(4, 1, "cron", 0, 0)));
        JsonNode programs = programlist(deriver, DT_NS, table(process(1, 1, "bash", 2, 0),
                process(2, 1, "sshd", 6, 0), process(3, 1, "bash", 8, 0), process(4, 1, "cron", 0, 0)));

        // 0.5 % per tick: pid 3 bash 4.0, pid 2 sshd 3.0, pid 1 bash 1.0, pid 4 cron 0.0, in that order.
        // bash appears first; its sum (5.0) is not sorted against sshd's again.
        assertEquals(List.of("bash", "sshd", "cron"), names(programs));
        JsonNode bash = programs.get(0);
        assertEquals(MAPPER.readTree("[3, 1]"), bash.get("childrens"));
        assertEquals(2, bash.get("nprocs").intValue());
        assertEquals(5.0, bash.get("cpu_percent").doubleValue());
        assertEquals(MAPPER.readTree("[\"bash\"]"), bash.get("cmdline"));
        assertEquals("_", bash.get("pid").asText());
        assertFalse(bash.has("key"), "Glances 4.5.6 leaves the key field out of programlist");
    }

    @Test
    void sumsAsProgramlistTop3DoesAndDropsTheZeroKeysOfItsCounters() throws Exception {
        JsonNode python = programlist(deriver, 0, table(python7509(), python7681())).get(0);

        assertEquals(4, python.get("num_threads").intValue());
        // 0.2188122227546921 + 0.0892943... : rss 55414784 and 22614016 of 25325268992.
        assertEquals((double) 55_414_784 / ProcessTables.MEM_TOTAL * 100
                + (double) 22_614_016 / ProcessTables.MEM_TOTAL * 100, python.get("memory_percent").doubleValue());
        // iowait is 0.0 in both: Counter addition drops it; so it drops lib and dirty.
        assertEquals(MAPPER.readTree("{\"user\":0.94,\"system\":0.14,\"children_user\":0.03,\"children_system\":0.03}"),
                python.get("cpu_times"));
        assertEquals(List.of("rss", "vms", "shared", "text", "data"),
                CpuDerivationTest.names(python.get("memory_info")));
        assertEquals(78_028_800, python.get("memory_info").get("rss").intValue());
        assertEquals("root", python.get("username").asText());
        assertEquals("S", python.get("status").asText());
        assertEquals(0, python.get("nice").intValue());
    }

    @Test
    void aProgramOfOneProcessKeepsItsDictsWhole() {
        JsonNode alone = programlist(deriver, 0, table(python7509())).get(0);

        assertEquals(List.of("user", "system", "children_user", "children_system", "iowait"),
                CpuDerivationTest.names(alone.get("cpu_times")));
        assertEquals(0, alone.get("memory_info").get("lib").intValue());
    }

    @Test
    void addsFloatsInListOrderAsPythonDoes() {
        JsonNode programs = programlist(deriver, 0, table(process(1, 1, "w", 10, 1).setRss(1),
                process(2, 1, "w", 20, 1).setRss(2)));

        // Sorted by memory (cpu is 0.0 for all): pid 2 then pid 1; 0.2 + 0.1 = 0.30000000000000004.
        assertEquals(0.30000000000000004, programs.get(0).get("cpu_times").get("user").doubleValue());
    }

    @Test
    void sumsIoCountersElementByElementIntoFiveValues() throws Exception {
        programlist(deriver, 0, table(python7509().setIo(io(10_268_672, 159_744))));
        JsonNode python = programlist(deriver, DT_NS, table(python7509(), python7681())).get(0);

        // 7509: [10268672, 180224, 10268672, 159744, 1]; 7681 is new: [2715648, 57344, 0, 0, 0].
        assertEquals(MAPPER.readTree("[12984320, 237568, 10268672, 159744, 1]"), python.get("io_counters"));
    }

    @Test
    void commonValuesStayAndDifferingOnesBecomeUnderscore() {
        JsonNode programs = programlist(deriver, 0, table(
                process(1, 1, "nginx", 0, 0).setFacts(facts("root")).setNice(0).setRss(3),
                process(2, 1, "nginx", 0, 0).setFacts(facts("www-data")).setNice(0).setState("R").setRss(2),
                process(3, 1, "nginx", 0, 0).setFacts(facts("www-data")).setNice(0).setRss(1)));

        JsonNode nginx = programs.get(0);
        assertEquals("_", nginx.get("username").asText());
        assertEquals("_", nginx.get("status").asText());
        assertEquals(0, nginx.get("nice").intValue());
    }

    @Test
    void allZeroPercentagesSumToTheIntZeroAsInAllJson() {
        JsonNode programs = programlist(deriver, 0, table(process(1, 1, "a", 0, 0), process(2, 1, "a", 0, 0)));

        assertTrue(programs.get(0).get("cpu_percent").isInt());
        assertEquals(0, programs.get(0).get("cpu_percent").intValue());
        assertTrue(programs.get(0).get("memory_percent").isDouble());
    }

    @Test
    void keepsTheFieldsAndOrderOfProgramlistTop3() {
        programlist(deriver, 0, table(python7509(), python7681()));
        JsonNode python = programlist(deriver, DT_NS, table(python7509(), python7681())).get(0);

        List<String> expected = new ArrayList<>(
                CpuDerivationTest.names(GlancesSamples.read("programlist__top__3.json").get(0)));
        assertEquals(expected, CpuDerivationTest.names(python));
    }

    @Test
    void followsTheProcessSortKey() {
        deriver.setProcessSortKey("name");

        JsonNode programs = programlist(deriver, 0, table(process(1, 1, "zsh", 0, 0), process(2, 1, "bash", 0, 0),
                process(3, 1, "zsh", 0, 0)));

        assertEquals(List.of("bash", "zsh"), names(programs));
    }

    private static List<String> names(JsonNode programs) {
        List<String> names = new ArrayList<>();
        programs.forEach(p -> names.add(p.get("name").asText()));
        return names;
    }
}
