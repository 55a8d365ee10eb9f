package io.fleetglance.common.derive;

import static io.fleetglance.common.derive.ProcessTables.facts;
import static io.fleetglance.common.derive.ProcessTables.io;
import static io.fleetglance.common.derive.ProcessTables.process;
import static io.fleetglance.common.derive.ProcessTables.processlist;
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
import io.fleetglance.proto.ProcessTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcesslistDerivationTest {

    private static final long DT_NS = 2_000_000_000L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HostDeriver deriver = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());

    /** pid 7509 of processlist__top__3.json, as the agent reads it. */
    private static Process.Builder python() {
        return process(7509, 4242, "python3", 88, 13).setNumThreads(3).setCutime(0).setCstime(1)
                .setRss(55_414_784).setVms(515_002_368).setShared(13_217_792).setText(2_830_336).setData(94_212_096)
                .setIo(io(10_268_672, 159_744)).setFacts(facts("root", "/usr/bin/python3", "--example-arg"));
    }

    @Test
    void describesAProcessAsPsutilDoesOnFirstSight() throws Exception {
        JsonNode python = processlist(deriver, 0, table(python())).get(0);

        // First sight: no cpu history, no previous io, and Glances' first time_since_update (the int 1).
        assertEquals(0.0, python.get("cpu_percent").doubleValue());
        assertTrue(python.get("cpu_percent").isDouble());
        assertEquals(MAPPER.readTree("[10268672, 159744, 0, 0, 0]"), python.get("io_counters"));
        assertTrue(python.get("time_since_update").isInt());
        assertEquals(1, python.get("time_since_update").intValue());
        // 55414784 / 25325268992 x 100, unrounded: the memory_percent of processlist__top__3.json.
        assertEquals(0.2188122227546921, python.get("memory_percent").doubleValue());
        // Ticks / 100: 88 -> 0.88 s, 13 -> 0.13 s, cstime 1 -> 0.01 s.
        assertEquals(MAPPER.readTree("{\"user\":0.88,\"system\":0.13,\"children_user\":0.0,\"children_system\":0.01,"
                + "\"iowait\":0.0}"), python.get("cpu_times"));
        assertEquals(MAPPER.readTree("{\"rss\":55414784,\"vms\":515002368,\"shared\":13217792,\"text\":2830336,"
                + "\"lib\":0,\"data\":94212096,\"dirty\":0}"), python.get("memory_info"));
        assertEquals(MAPPER.readTree("{\"real\":0,\"effective\":0,\"saved\":0}"), python.get("gids"));
        assertEquals("S", python.get("status").asText());
        assertEquals(3, python.get("num_threads").intValue());
        assertEquals("pid", python.get("key").asText());
        assertEquals(MAPPER.readTree("[\"/usr/bin/python3\", \"--example-arg\"]"), python.get("cmdline"));
        assertEquals("root", python.get("username").asText());
    }

    @Test
    void keepsTheFieldOrderOfProcesslistTop3() {
        JsonNode python = processlist(deriver, 0, table(python())).get(0);

        assertEquals(CpuDerivationTest.names(GlancesSamples.read("processlist__top__3.json").get(0)),
                CpuDerivationTest.names(python));
    }

    @Test
    void cpuPercentIsTheCpuTimeUsedOverTheInterval() {
        processlist(deriver, 0, table(python()));
        JsonNode python = processlist(deriver, DT_NS, table(python().setUtime(90).setStime(14).clearFacts())).get(0);

        // 3 ticks = 0.03 s of cpu in 2 s on 2 CPUs: 0.03 / (2 x 2) x 100 x 2 = 1.5.
        assertEquals(1.5, python.get("cpu_percent").doubleValue());
        assertEquals(2.0, python.get("time_since_update").doubleValue());
    }

    @Test
    void cpuPercentExceedsOneHundredForAProcessBusyOnSeveralCpus() {
        processlist(deriver, 0, table(process(10, 1, "make", 1000, 0)));
        JsonNode make = processlist(deriver, DT_NS, table(process(10, 1, "make", 1300, 0))).get(0);

        // 300 ticks = 3 s of cpu in 2 s: 150 %.
        assertEquals(150.0, make.get("cpu_percent").doubleValue());
    }

    @Test
    void ioCountersCarryThePreviousBytesOnceKnown() throws Exception {
        processlist(deriver, 0, table(python()));
        JsonNode second = processlist(deriver, DT_NS, table(python().setIo(io(10_268_672, 180_224)))).get(0);
        JsonNode unreadable = processlist(deriver, 2 * DT_NS, table(python().clearIo())).get(0);
        JsonNode readableAgain = processlist(deriver, 3 * DT_NS, table(python().setIo(io(10_268_672, 200_000))))
                .get(0);

        assertEquals(MAPPER.readTree("[10268672, 180224, 10268672, 159744, 1]"), second.get("io_counters"));
        assertEquals(MAPPER.readTree("[0, 0, 0, 0, 0]"), unreadable.get("io_counters"));
        // The last readable bytes are kept across the unreadable sample, as Glances keeps them.
        assertEquals(MAPPER.readTree("[10268672, 200000, 10268672, 180224, 1]"), readableAgain.get("io_counters"));
    }

    @Test
    void factsSentOnceAreKeptWhileTheProcessLives() {
        processlist(deriver, 0, table(python()));
        JsonNode later = processlist(deriver, DT_NS, table(python().clearFacts())).get(0);

        assertEquals("/usr/bin/python3", later.get("cmdline").get(0).asText());
        assertEquals("root", later.get("username").asText());
    }

    @Test
    void aProcessWhoseFactsNeverArrivedHasAnEmptyCmdlineAndNoUser() {
        JsonNode kworker = processlist(deriver, 0, table(process(20, 5, "kworker/0:1", 0, 3))).get(0);

        assertEquals(0, kworker.get("cmdline").size());
        assertTrue(kworker.get("cmdline").isArray());
        assertTrue(kworker.get("username").isNull());
    }

    @Test
    void aReusedPidWithANewStartTimeIsANewProcess() {
        processlist(deriver, 0, table(python()));
        processlist(deriver, DT_NS, table(python().clearFacts().setUtime(90)));
        // pid 7509 exited and the kernel gave its pid to a new process: another start time, no facts sent.
        JsonNode reused = processlist(deriver, 2 * DT_NS,
                table(process(7509, 9999, "sh", 500, 0).setIo(io(4096, 0)))).get(0);

        assertEquals("sh", reused.get("name").asText());
        assertEquals(0.0, reused.get("cpu_percent").doubleValue());
        assertEquals(0, reused.get("io_counters").get(4).intValue());
        assertEquals(0, reused.get("io_counters").get(2).intValue());
        assertEquals(0, reused.get("cmdline").size());
        assertTrue(reused.get("username").isNull());
    }

    @Test
    void tablesInAnyPidOrderGiveTheSameListsAsTablesInPidOrder() {
        // 60 processes over 12 samples: some exit, some start (one on a pid reused with a new start time), io is
        // unreadable now and then; one deriver sees each table in pid order, the other shuffled, reversed and
        // with every second process of the next table moved up front
        java.util.Random random = new java.util.Random(42);
        HostDeriver shuffled = new HostDeriver(GlancesPlugins.catalogue(), GlancesConfig.empty());
        List<Process.Builder> live = new ArrayList<>();
        for (int pid = 100; pid < 160; pid++) {
            live.add(process(pid, pid * 3L, "p" + pid, pid, 1).setIo(io(pid * 1000L, pid))
                    .setFacts(facts("user" + pid, "/bin/p" + pid)));
        }
        for (int round = 0; round < 12; round++) {
            List<Process.Builder> now = new ArrayList<>();
            for (Process.Builder p : live) {
                Process.Builder q = (round == 0 ? p.clone() : p.clone().clearFacts()).setUtime(p.getUtime() + random.nextInt(50))
                        .setStime(p.getStime() + random.nextInt(5));
                if (random.nextInt(5) == 0) {
                    q.clearIo();
                } else {
                    q.setIo(io(p.getPid() * 1000L + round * 4096L, round));
                }
                now.add(random.nextInt(15) == 0 ? process(p.getPid(), p.getStartTime() + 7, "n" + p.getPid(), 1, 1)
                        .setFacts(facts("new", "/bin/new")) : q);
            }
            now.removeIf(p -> random.nextInt(20) == 0);
            now.add(process(1000 + round, round, "late" + round, 3, 3).setFacts(facts("late", "/bin/late")));
            List<Process.Builder> order = new ArrayList<>(now);
            switch (round % 3) {
                case 0 -> java.util.Collections.shuffle(order, random);
                case 1 -> java.util.Collections.reverse(order);
                default -> {
                    List<Process.Builder> odd = new ArrayList<>();
                    for (int k = 1; k < order.size(); k += 2) {
                        odd.add(order.get(k));
                    }
                    order.removeAll(odd);
                    order.addAll(0, odd);
                }
            }
            JsonNode expected = processlist(deriver, round * DT_NS,
                    table(now.stream().map(Process.Builder::clone).toArray(Process.Builder[]::new)));
            JsonNode actual = processlist(shuffled, round * DT_NS,
                    table(order.stream().map(Process.Builder::clone).toArray(Process.Builder[]::new)));
            // sorted by cpu, then memory: ties keep the table's order, so compare by pid
            assertEquals(byPid(expected), byPid(actual), "round " + round);
            if (round > 0) { // what was kept from the samples before is used: cpu, io bytes before, facts sent once
                assertTrue(expected.findValues("cpu_percent").stream().anyMatch(v -> v.doubleValue() > 0));
                assertTrue(expected.findValues("io_counters").stream().anyMatch(v -> v.get(4).intValue() == 1));
                assertTrue(expected.findValues("username").stream().anyMatch(v -> v.asText().startsWith("user")));
            }
            live = now;
        }
    }

    @Test
    void aPidListedTwiceInOneTableIsListedTwice() {
        // an agent's mistake (one pid, two start times), in a table out of pid order: both are listed, each with
        // what is known of it
        processlist(deriver, 0, table(python(), process(7509, 9999, "sh", 5, 0).setFacts(facts("nobody", "sh"))));
        JsonNode list = processlist(deriver, DT_NS, table(process(7509, 9999, "sh", 5, 0), process(1, 1, "init", 0, 0),
                python().clearFacts().setUtime(90)));

        assertEquals(3, list.size());
        JsonNode python = null;
        JsonNode sh = null;
        for (JsonNode p : list) {
            python = p.get("name").asText().equals("python3") ? p : python;
            sh = p.get("name").asText().equals("sh") ? p : sh;
        }
        assertEquals(1.0, python.get("cpu_percent").doubleValue());
        assertEquals("root", python.get("username").asText());
        assertEquals("nobody", sh.get("username").asText());
    }

    @Test
    void forgetsTheFactsOfVanishedProcesses() {
        processlist(deriver, 0, table(python()));
        processlist(deriver, DT_NS, table(process(1, 1, "init", 0, 0)));
        // Should the same (pid, start time) show up again, nothing of it is left.
        JsonNode back = processlist(deriver, 2 * DT_NS, table(python().clearFacts())).get(0);

        assertEquals(0, back.get("cmdline").size());
        assertEquals(0.0, back.get("cpu_percent").doubleValue());
    }

    @Test
    void showsPsutilsStatusInitialForEachKernelState() {
        JsonNode stats = processlist(deriver, 0, table(process(1, 1, "r", 0, 0).setState("R"),
                process(2, 1, "t", 0, 0).setState("T"), process(3, 1, "tr", 0, 0).setState("t"),
                process(4, 1, "x", 0, 0).setState("X"), process(5, 1, "i", 0, 0).setState("I"),
                process(6, 1, "z", 0, 0).setState("Z"), process(7, 1, "d", 0, 0).setState("D"),
                process(8, 1, "q", 0, 0).setState("Q")));

        // stopped -> S, tracing-stop -> T, dead -> D, an unknown state -> ?.
        assertEquals(List.of("R", "S", "T", "D", "I", "Z", "D", "?"), field(byPid(stats), "status"));
    }

    @Test
    void sortsByCpuThenMemoryDescendingByDefault() {
        processlist(deriver, 0, table(process(1, 1, "a", 0, 0), process(2, 1, "b", 0, 0).setRss(5_000_000),
                process(3, 1, "c", 0, 0), process(4, 1, "d", 0, 0)));
        JsonNode stats = processlist(deriver, DT_NS, table(process(1, 1, "a", 10, 0),
                process(2, 1, "b", 0, 0).setRss(5_000_000), process(3, 1, "c", 40, 0), process(4, 1, "d", 0, 0)));

        // c 40 ticks (20.0 %), a 10 ticks (5.0 %), then b and d at 0.0: b uses more memory; equal ones keep pid order.
        assertEquals(List.of(3, 1, 2, 4), pids(stats));
        assertEquals("cpu_percent", deriver.processSortKey());
    }

    @Test
    void sortsNamesAndUsersAscending() {
        HostDeriver byName = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[processlist]", "sort_key=name"));
        HostDeriver byUser = new HostDeriver(GlancesPlugins.catalogue(),
                Configs.of("[processlist]", "sort_key=username"));
        ProcessTable table = table(process(1, 1, "sshd", 0, 0).setFacts(facts("root")),
                process(2, 1, "bash", 0, 0).setFacts(facts("zoe")), process(3, 1, "cron", 0, 0).setFacts(facts("ann")),
                process(4, 1, "kthreadd", 0, 0));

        assertEquals(List.of(2, 3, 4, 1), pids(processlist(byName, 0, table)));
        // No user sorts first (Glances' weighted None is -inf).
        assertEquals(List.of(4, 3, 1, 2), pids(processlist(byUser, 0, table)));
    }

    @Test
    void sortsByIoSinceTheLastSampleAndByUserPlusSystemTime() {
        HostDeriver byIo = new HostDeriver(GlancesPlugins.catalogue(),
                Configs.of("[processlist]", "sort_key=io_counters"));
        HostDeriver byTime = new HostDeriver(GlancesPlugins.catalogue(),
                Configs.of("[processlist]", "sort_key=cpu_times"));
        ProcessTable first = table(process(1, 1, "a", 500, 0).setIo(io(1_000_000, 0)),
                process(2, 1, "b", 100, 100).setIo(io(0, 0)), process(3, 1, "c", 0, 300).setIo(io(10, 10)));
        ProcessTable second = table(process(1, 1, "a", 500, 0).setIo(io(1_000_100, 0)),
                process(2, 1, "b", 100, 100).setIo(io(0, 5_000)), process(3, 1, "c", 0, 300).setIo(io(10, 10)));
        processlist(byIo, 0, first);
        processlist(byTime, 0, first);

        // io since the last sample: a 100, b 5000, c 0 (not the cumulative bytes, where a leads).
        assertEquals(List.of(2, 1, 3), pids(processlist(byIo, DT_NS, second)));
        // user + system: a 5.0 s, b 2.0 s, c 3.0 s.
        assertEquals(List.of(1, 3, 2), pids(processlist(byTime, DT_NS, second)));
    }

    @Test
    void theSortKeyCanBeSwitchedAndGivenBack() {
        HostDeriver configured = new HostDeriver(GlancesPlugins.catalogue(),
                Configs.of("[processlist]", "sort_key=name"));
        ProcessTable table = table(process(1, 1, "b", 0, 0).setRss(1),
                process(2, 1, "a", 0, 0).setRss(2));

        configured.setProcessSortKey("memory_percent");
        assertEquals(List.of(2, 1), pids(processlist(configured, 0, table)));
        assertEquals("memory_percent", configured.processSortKey());
        configured.setProcessSortKey(null);
        assertEquals("name", configured.processSortKey());
        configured.setProcessSortKey("auto");
        assertEquals("cpu_percent", configured.processSortKey());
    }

    @Test
    void anUnknownSortKeyFallsBackToTheNameOrder() {
        deriver.setProcessSortKey("no_such_field");

        assertEquals(List.of(2, 1), pids(processlist(deriver, 0,
                table(process(1, 1, "zsh", 0, 0), process(2, 1, "bash", 0, 0)))));
    }

    @Test
    void dropsTheStatsConfiguredAsDisabled() {
        JsonNode shipped = processlist(deriver, 0, table(python())).get(0);
        HostDeriver none = new HostDeriver(GlancesPlugins.catalogue(), Configs.of("[processlist]", "disable_stats="));
        HostDeriver some = new HostDeriver(GlancesPlugins.catalogue(),
                Configs.of("[processlist]", "disable_stats=cmdline, io_counters,pid"));

        // The shipped glances.conf disables cpu_num.
        assertFalse(shipped.has("cpu_num"));
        JsonNode all = processlist(none, 0, table(python().setCpuNum(1))).get(0);
        assertEquals(1, all.get("cpu_num").intValue());
        JsonNode fewer = processlist(some, 0, table(python())).get(0);
        assertFalse(fewer.has("cmdline"));
        assertFalse(fewer.has("io_counters"));
        // pid and name cannot be disabled.
        assertEquals(7509, fewer.get("pid").intValue());
        assertTrue(fewer.has("cpu_num"));
    }

    private static List<JsonNode> byPid(JsonNode stats) {
        List<JsonNode> list = new ArrayList<>();
        stats.forEach(list::add);
        list.sort((a, b) -> Integer.compare(a.get("pid").intValue(), b.get("pid").intValue()));
        return list;
    }

    private static List<String> field(List<JsonNode> processes, String name) {
        return processes.stream().map(p -> p.get(name).asText()).toList();
    }

    static List<Integer> pids(JsonNode stats) {
        List<Integer> pids = new ArrayList<>();
        stats.forEach(p -> pids.add(p.get("pid").intValue()));
        return pids;
    }
}
