package io.fleetglance.hub.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The fleet on separate hosts made of network namespaces: a hub in one, three agents in three others, all plugged
 * into a bridge in a "switch" namespace, and a client in a sixth from which every request is made. Each agent reaches
 * the hub only through its own 10.x address. Cutting one agent's cable turns it OFFLINE; plugging it back delivers
 * every sample it took meanwhile, in order.
 *
 * <p>Needs root and {@code ip netns} (CI runs as root); skipped otherwise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NamespaceLabTest {

    private static final String NET = "10.208.61.";
    private static final String HUB_IP = NET + "1";
    private static final String CLIENT_IP = NET + "100";
    private static final String TOKEN = "lab-token";
    private static final String HUB = "http://" + HUB_IP + ":61208";
    /** Agent role (its namespace and switch port) → its address. */
    private static final Map<String, String> AGENTS = new LinkedHashMap<>();

    static {
        AGENTS.put("a1", NET + "11");
        AGENTS.put("a2", NET + "12");
        AGENTS.put("a3", NET + "13");
    }

    /** The agent whose cable is cut. */
    private static final String CUT = "a2";
    /** The tuned flags the agent ships with (agent/jvm.options: ./fleetglance and the agent image use it too). */
    private static final List<String> AGENT_FLAGS = agentFlags();
    private static final List<String> HUB_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final List<String> PROBE_FLAGS = List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static List<String> agentFlags() {
        try {
            return List.of(Files.readString(Path.of("..", "agent", "jvm.options")).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException("agent/jvm.options is missing", e);
        }
    }

    private NetnsLab lab;
    private Path dir;
    private final List<LabProcess> processes = new ArrayList<>();
    private ProbeClient client;
    private Thread cleanupOnExit;
    /** Why the lab cannot be built here, or null. */
    private String skipped;

    private static String hostName(String role) {
        return "lab-" + role;
    }

    @BeforeAll
    @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void buildTheLab() throws Exception {
        if (!isRoot()) {
            skipped = "the namespace lab needs root: it creates network namespaces (CI runs it as root)";
        } else if (!NetnsLab.available()) {
            skipped = "`ip netns` is not available here (install iproute2)";
        }
        if (skipped != null) {
            System.err.println("NamespaceLabTest skipped: " + skipped);
            return;
        }
        List<String> stale = NetnsLab.removeStale();
        if (!stale.isEmpty()) {
            System.out.println("removed namespaces left by an earlier run: " + stale);
        }
        lab = new NetnsLab(ProcessHandle.current().pid());
        cleanupOnExit = new Thread(this::tearDown, "fg-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
        try {
            dir = Files.createTempDirectory("fg-lab-");
            Path conf = dir.resolve("glances.conf");
            Files.writeString(conf, "[fleet]\noffline_after_periods=3\n");

            lab.createSwitch();
            String hubNs = lab.addHost("hub", HUB_IP + "/24");
            for (Map.Entry<String, String> a : AGENTS.entrySet()) {
                lab.addHost(a.getKey(), a.getValue() + "/24");
            }
            String clientNs = lab.addHost("cli", CLIENT_IP + "/24");

            // The hub serves the fleet only: its namespace shares the machine's /proc, so a local agent there would
            // just be a fourth copy of this machine.
            processes.add(LabProcess.start(hubNs, "hub", dir, HUB_FLAGS, "io.fleetglance.hub.Main",
                    List.of("hub", "--bind", HUB_IP, "--no-local-agent", "--token", TOKEN, "-C", conf.toString(),
                            "--state-dir", dir.resolve("hub-state").toString()),
                    false));
            LabProcess probe = LabProcess.start(clientNs, "probe", dir, PROBE_FLAGS, LabProbe.class.getName(),
                    List.of(), true);
            processes.add(probe);
            client = new ProbeClient(probe);
            assertTrue(await(Duration.ofSeconds(30), () -> client.get(HUB + "/api/4/status").status() == 200),
                    () -> "the hub answers at " + HUB + " from the client namespace\n" + logs());

            for (Map.Entry<String, String> a : AGENTS.entrySet()) {
                String role = a.getKey();
                Path state = Files.createDirectories(dir.resolve("state-" + role));
                processes.add(LabProcess.start(lab.ns(role), "agent-" + role, dir, AGENT_FLAGS,
                        "io.fleetglance.hub.Main", List.of("agent", "--hub", HUB_IP + ":61209", "--name",
                                hostName(role), "--period", "1", "--token", TOKEN, "--state-dir", state.toString()),
                        false));
            }
        } catch (Throwable t) {
            tearDown();
            throw t;
        }
    }

    /** Each test reports the lab's skip reason itself, so the skips and why show in the test counts. */
    @BeforeEach
    void labIsUp() {
        assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    void tearDown() {
        synchronized (this) {
            // Agents first, then the probe, the hub last: the reverse of how they started.
            for (int i = processes.size() - 1; i >= 0; i--) {
                processes.get(i).stop();
            }
            if (!processes.isEmpty()) {
                System.out.println(logs());
            }
            processes.clear();
            if (lab != null) {
                lab.close();
                lab = null;
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp dir left behind
                }
                dir = null;
            }
        }
        if (cleanupOnExit != null && Thread.currentThread() != cleanupOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
    }

    @Test
    @Order(1)
    void theFleetListsThreeOnlineHostsEachAtItsOwnAddress() throws Exception {
        assertTrue(await(Duration.ofSeconds(30), () -> {
            JsonNode list = serversList();
            return list != null && list.size() == AGENTS.size() && onlineCount(list) == AGENTS.size()
                    && allHaveSamples(list);
        }), () -> "3 ONLINE hosts in the serverslist: " + safeServersList() + "\n" + logs());
        JsonNode list = serversList();
        for (Map.Entry<String, String> a : AGENTS.entrySet()) {
            JsonNode e = entry(list, hostName(a.getKey()));
            assertNotNull(e, hostName(a.getKey()) + " is listed: " + list);
            assertEquals("ONLINE", e.get("status").asText(), e.toString());
            assertEquals(a.getValue(), e.get("ip").asText(), "the hub saw the agent at its namespace address: " + e);
            assertEquals("/hosts/" + hostName(a.getKey()) + "/api/4", e.get("api").asText());
            assertEquals(0, e.get("missed_samples").asLong(), e.toString());
        }
    }

    @Test
    @Order(2)
    void eachHostsApiAnswersThroughTheHub() throws Exception {
        for (String role : AGENTS.keySet()) {
            String url = HUB + "/hosts/" + hostName(role) + "/api/4/cpu";
            assertTrue(await(Duration.ofSeconds(15), () -> client.get(url).status() == 200), url + "\n" + logs());
            JsonNode cpu = client.get(url).json();
            assertTrue(cpu.path("total").isNumber(), url + " has a total: " + cpu);
            JsonNode count = client.json(HUB + "/hosts/" + hostName(role) + "/api/4/processcount");
            assertNotNull(count, "processcount of " + role);
            assertTrue(count.path("total").asInt() > 0, "processcount of " + role + ": " + count);
        }
        assertEquals(404, client.get(HUB + "/hosts/lab-nobody/api/4/cpu").status());
    }

    @Test
    @Order(3)
    void aCutLinkTurnsItsHostOfflineAndEverySampleTakenMeanwhileArrivesInOrder() throws Exception {
        String name = hostName(CUT);
        assertTrue(await(Duration.ofSeconds(30), () -> {
            JsonNode e = entry(serversList(), name);
            return e != null && "ONLINE".equals(e.get("status").asText()) && e.get("last_seq").asLong() >= 3;
        }), () -> name + " streams before the cut: " + safeServersList() + "\n" + logs());
        long seqAtCut = entry(serversList(), name).get("last_seq").asLong();

        long cutAt = System.currentTimeMillis();
        lab.link(CUT, false);
        long upAt;
        try {
            // offline_after_periods = 3 at a period of 1 s
            assertTrue(await(Duration.ofSeconds(10), () -> {
                JsonNode e = entry(serversList(), name);
                return e != null && "OFFLINE".equals(e.get("status").asText());
            }), () -> name + " goes OFFLINE once its cable is cut: " + safeServersList());
            JsonNode during = serversList();
            for (String role : AGENTS.keySet()) {
                if (!role.equals(CUT)) {
                    assertEquals("ONLINE", entry(during, hostName(role)).get("status").asText(),
                            "the other hosts stay ONLINE: " + during);
                }
            }
            // The outage lasts at least 6 periods, so there is something to catch up on.
            long left = cutAt + 6_000 - System.currentTimeMillis();
            if (left > 0) {
                Thread.sleep(left);
            }
        } finally {
            upAt = System.currentTimeMillis();
            lab.link(CUT, true);
        }
        long outageSeconds = (upAt - cutAt) / 1000;
        long plugged = System.nanoTime();

        // Back ONLINE, and caught up with a sibling that never left (they started within a second of each other).
        assertTrue(await(Duration.ofSeconds(40), () -> {
            JsonNode list = serversList();
            JsonNode e = entry(list, name);
            JsonNode sibling = entry(list, hostName("a1"));
            return e != null && sibling != null && "ONLINE".equals(e.get("status").asText())
                    && e.get("last_seq").asLong() >= sibling.get("last_seq").asLong() - 2;
        }), () -> name + " is back ONLINE and caught up: " + safeServersList() + "\n" + logs());

        long catchUpMs = (System.nanoTime() - plugged) / 1_000_000;
        JsonNode back = entry(serversList(), name);
        assertEquals(0, back.get("missed_samples").asLong(), "no seq skipped: " + back);
        assertEquals(0, back.get("dropped_samples").asLong(), "the outbox dropped nothing: " + back);
        assertTrue(back.get("last_seq").asLong() >= seqAtCut + outageSeconds - 1,
                "every sample of the " + outageSeconds + " s outage arrived: " + back + ", seq at the cut " + seqAtCut);

        // The history has the samples taken while the cable was out, about one a second, in order.
        String url = HUB + "/hosts/" + name + "/api/4/processcount/total/history";
        JsonNode history = client.json(url);
        assertNotNull(history, url);
        List<Long> times = new ArrayList<>();
        for (JsonNode point : history) {
            times.add(OffsetDateTime.parse(point.get(0).asText()).toInstant().toEpochMilli());
        }
        List<Long> window = new ArrayList<>();
        for (long t : times) {
            if (t >= cutAt - 1_500 && t <= upAt + 1_500) {
                window.add(t);
            }
        }
        long inOutage = times.stream().filter(t -> t > cutAt && t < upAt).count();
        assertTrue(inOutage >= outageSeconds - 1, inOutage + " points taken during the " + outageSeconds
                + " s outage: " + history);
        for (int i = 1; i < window.size(); i++) {
            long gap = window.get(i) - window.get(i - 1);
            assertTrue(gap > 0 && gap < 1_900, "points about 1 s apart and in order around the outage, got a gap of "
                    + gap + " ms: " + history);
        }
        System.out.printf("%s: outage %d ms, seq %d at the cut, %d once caught up %d ms after the cable came back;"
                + " %d history points in the outage%n", name, upAt - cutAt, seqAtCut, back.get("last_seq").asLong(),
                catchUpMs, inOutage);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private JsonNode serversList() throws IOException, InterruptedException {
        return client.json(HUB + "/api/4/serverslist");
    }

    private String safeServersList() {
        try {
            return String.valueOf(serversList());
        } catch (Exception e) {
            return "(serverslist: " + e + ")";
        }
    }

    private static JsonNode entry(JsonNode list, String name) {
        if (list == null) {
            return null;
        }
        for (JsonNode e : list) {
            if (name.equals(e.path("name").asText())) {
                return e;
            }
        }
        return null;
    }

    private static long onlineCount(JsonNode list) {
        long n = 0;
        for (JsonNode e : list) {
            if ("ONLINE".equals(e.path("status").asText())) {
                n++;
            }
        }
        return n;
    }

    private static boolean allHaveSamples(JsonNode list) {
        for (JsonNode e : list) {
            if (e.path("last_seq").asLong() < 2) {
                return false;
            }
        }
        return true;
    }

    private String logs() {
        StringBuilder sb = new StringBuilder();
        for (LabProcess p : processes) {
            sb.append("--- ").append(p.name).append(p.alive() ? "" : " (exited)").append(" ---\n")
                    .append(p.tail(15)).append('\n');
        }
        return sb.toString();
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 200 ms until it holds or {@code timeout} passes; an exception counts as not yet. */
    private static boolean await(Duration timeout, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (check.holds()) {
                    return true;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception notYet) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    /** Whether this JVM runs with effective uid 0 (read from /proc, no extra module needed). */
    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return "0".equals(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return false;
    }
}
