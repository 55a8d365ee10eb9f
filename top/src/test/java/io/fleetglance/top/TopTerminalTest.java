package io.fleetglance.top;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@code top}, in a real terminal (tmux), against a real hub and real agents on loopback: what it shows
 * is read back from the terminal and compared with the hub's API. Screens are saved under target/screens/.
 */
class TopTerminalTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestFleet fleet;

    @BeforeAll
    static void startFleet() throws Exception {
        assumeTrue(Tmux.available(), "tmux is needed (apt-get install tmux)");
        fleet = TestFleet.start(Duration.ofMillis(500), "alpha", "beta", "gamma");
    }

    @AfterAll
    static void stopFleet() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void browserListsEveryHostAndEnterOpensOne() throws Exception {
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("alpha") && x.contains("beta") && x.contains("gamma")
                    && x.contains("ONLINE"));
            t.save("browser");
            assertTrue(s.contains("3 hosts in the fleet"), s);
            for (String host : List.of("alpha", "beta", "gamma")) {
                assertTrue(Pattern.compile("(?m)^.?" + host + "\\s+127\\.0\\.0\\.1\\s+ONLINE").matcher(s).find(),
                        host + " listed ONLINE with its address:\n" + s);
            }
            assertTrue(s.indexOf("alpha") < s.indexOf("gamma"), "sorted by name:\n" + s);
            assertTrue(t.alternateScreen(), "full screen in the alternate buffer");

            t.keys("n");
            s = t.awaitScreen(WAIT, x -> x.contains("(reversed)"));
            assertTrue(s.indexOf("gamma") < s.indexOf("alpha"), "n again reverses the order:\n" + s);

            t.keys("/");
            t.literal("bet");
            t.keys("Enter");
            s = t.awaitScreen(WAIT, x -> x.contains("Host filter: bet") && !x.contains("gamma"));
            t.save("browser-filtered");
            assertTrue(s.contains("beta") && !s.contains("alpha") && !s.contains("gamma"), s);

            t.keys("Enter");
            s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("[beta]"));
            t.save("browser-opened-beta");
            assertTrue(s.contains("[beta]"), s);

            t.keys("Escape");
            s = t.awaitScreen(WAIT, x -> x.contains("hosts in the fleet"));
            assertTrue(s.contains("Host filter: bet"), "back to the browser as it was left:\n" + s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()), "q leaves the alternate screen");
        }
    }

    @Test
    void hostScreenShowsWhatTheApiServes() throws Exception {
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("alpha", "--hub", fleet.url()));
            String s = t.awaitScreen(WAIT, x -> x.contains("TASKS") && x.contains("NETWORK"));
            t.save("host-alpha-120x40");
            JsonNode system = fleet.get("/hosts/alpha/api/4/system");
            JsonNode mem = fleet.get("/hosts/alpha/api/4/mem");
            JsonNode load = fleet.get("/hosts/alpha/api/4/load");
            JsonNode network = fleet.get("/hosts/alpha/api/4/network");
            String first = s.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
            assertTrue(first.startsWith(system.path("hostname").asText() + " [alpha]"), first);
            assertTrue(first.contains(system.path("hr_name").asText()), first);
            assertTrue(s.contains("Uptime: "), s);
            assertTrue(Pattern.compile("total:\\s+" + Pattern.quote(Units.auto(mem.path("total"), false)))
                    .matcher(s).find(), "mem total " + Units.auto(mem.path("total"), false) + ":\n" + s);
            assertTrue(s.contains(load.path("cpucore").asInt() + "-core"), s);
            for (JsonNode n : network) {
                assertTrue(s.contains(n.path("interface_name").asText()), n + "\n" + s);
            }
            for (String title : List.of("CPU", "MEM", "SWAP", "LOAD", "NETWORK", "DISK I/O", "CPU%", "MEM%",
                    "PID", "Command")) {
                assertTrue(s.contains(title), title + "\n" + s);
            }
            JsonNode count = fleet.get("/hosts/alpha/api/4/processcount");
            Matcher m = Pattern.compile("TASKS (\\d+) \\(").matcher(s);
            assertTrue(m.find(), s);
            // the process count moves with the machine; the screen's is one of the last samples
            assertEquals(count.path("total").asDouble(), Double.parseDouble(m.group(1)),
                    Math.max(20, count.path("total").asDouble() * 0.2), s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void sortKeysReorderTheProcessList() throws Exception {
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("beta", "--hub", fleet.url()));
            t.awaitScreen(WAIT, x -> x.contains("sorted automatically by CPU consumption"));

            t.keys("m");
            String s = t.awaitScreen(WAIT, x -> x.contains("sorted by MEM consumption"));
            t.save("sort-mem");
            List<Double> mems = column(s, 1);
            assertTrue(mems.size() >= 5, s);
            assertSorted(mems, s);

            t.keys("c");
            s = t.awaitScreen(WAIT, x -> x.contains("sorted by CPU consumption"));
            assertSorted(column(s, 0), s);

            t.keys("p");
            s = t.awaitScreen(WAIT, x -> x.contains("sorted by process name"));
            t.save("sort-name");
            List<String> names = new ArrayList<>();
            for (long pid : pids(s)) {
                JsonNode p = fleet.get("/hosts/beta/api/4/processes/" + pid);
                if (p.has("name")) {
                    names.add(p.path("name").asText().toLowerCase());
                }
            }
            assertTrue(names.size() >= 5, s);
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(null);
            assertEquals(sorted, names, "names ascending:\n" + s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        }
    }

    @Test
    void filterAndExtendedStatsOfTheSelectedProcess() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "987654").start();
        try (Tmux t = Tmux.shell(120, 40)) {
            t.run(TestFleet.top("gamma", "--hub", fleet.url()));
            t.awaitScreen(WAIT, x -> x.contains("TASKS"));
            t.keys("/");
            t.literal("987654");
            t.keys("Enter");
            String s = t.awaitScreen(WAIT, x -> x.contains("Processes filter: 987654") && x.contains("sleep 987654"));
            t.save("process-filter");
            List<Long> pids = pids(s);
            assertEquals(List.of(sleeper.pid()), pids, s);

            t.keys("Down", "e");
            s = t.awaitScreen(WAIT, x -> x.contains("CPU affinity"));
            t.save("process-extended");
            JsonNode extended = fleet.get("/hosts/gamma/api/4/processes/extended");
            assertEquals(sleeper.pid(), extended.path("pid").asLong(), extended.toString());
            assertTrue(extended.path("extended_stats").asBoolean(), extended.toString());
            assertTrue(s.contains(extended.path("num_fds").asText() + " files"), s);

            t.keys("e");
            s = t.awaitScreen(WAIT, x -> !x.contains("CPU affinity"));
            assertFalse(s.contains("CPU affinity"), s);
            t.keys("E");
            s = t.awaitScreen(WAIT, x -> !x.contains("Processes filter"));
            assertTrue(pids(s).size() > 1, "the filter is reset:\n" + s);
            t.keys("q");
            assertTrue(t.await(WAIT, () -> !t.alternateScreen()));
        } finally {
            sleeper.destroy();
        }
    }

    /** The numbers of column {@code index} (0: CPU%, 1: MEM%) of the process lines. */
    private static List<Double> column(String screen, int index) {
        List<Double> out = new ArrayList<>();
        boolean inList = false;
        for (String line : screen.lines().toList()) {
            if (line.contains("CPU%") && line.contains("PID")) {
                inList = true;
                continue;
            }
            if (!inList) {
                continue;
            }
            String rest = line.length() > Sidebar.WIDTH + 1 ? line.substring(Sidebar.WIDTH + 1) : "";
            String[] cells = rest.replace(">", " ").replace("▶", " ").trim().split("\\s+");
            if (cells.length < 3 || !cells[index].matches("\\d+\\.\\d")) {
                break;
            }
            out.add(Double.parseDouble(cells[index]));
        }
        return out;
    }

    private static List<Long> pids(String screen) {
        List<Long> out = new ArrayList<>();
        boolean inList = false;
        Pattern row = Pattern.compile("^\\s*[▶>]?\\s*\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\S+\\s+\\S+\\s+(\\d+)\\s");
        for (String line : screen.lines().toList()) {
            if (line.contains("CPU%") && line.contains("PID")) {
                inList = true;
                continue;
            }
            String rest = line.length() > Sidebar.WIDTH + 1 ? line.substring(Sidebar.WIDTH + 1) : "";
            Matcher m = row.matcher(rest);
            if (inList && m.find()) {
                out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    private static void assertSorted(List<Double> values, String screen) {
        for (int i = 1; i < values.size(); i++) {
            assertFalse(values.get(i) > values.get(i - 1), "descending " + values + ":\n" + screen);
        }
    }
}
